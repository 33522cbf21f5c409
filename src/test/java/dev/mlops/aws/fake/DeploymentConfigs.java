package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * SageMaker's checks of an UpdateEndpoint's blue/green {@code DeploymentConfig}, and the number of
 * traffic steps it takes: 1 for ALL_AT_ONCE, 2 for a canary (canary, then the rest), one per
 * linear step. A canary is at most half of the new fleet; a linear step 10-50 % of it.
 */
final class DeploymentConfigs {
    private static final Set<String> TYPES = Set.of("ALL_AT_ONCE", "CANARY", "LINEAR");

    private DeploymentConfigs() {
    }

    /** Checks {@code deployment} for an endpoint config of {@code instances} instances; returns its traffic steps. */
    static int trafficSteps(JsonNode deployment, int instances) {
        if (!deployment.isObject()) {
            return 1;
        }
        JsonNode policy = deployment.path("BlueGreenUpdatePolicy");
        if (!policy.isObject()) {
            return 1; // a rolling update policy: the fake treats it as one step
        }
        JsonNode routing = policy.path("TrafficRoutingConfiguration");
        String type = Json.required(routing, "Type");
        if (!TYPES.contains(type)) {
            throw ApiError.validation("1 validation error detected: Value '" + type + "' at"
                    + " 'deploymentConfig.blueGreenUpdatePolicy.trafficRoutingConfiguration.type' failed to satisfy"
                    + " constraint: Member must satisfy enum value set: [ALL_AT_ONCE, CANARY, LINEAR]");
        }
        range(Json.integer(routing, "WaitIntervalInSeconds", -1), 0, 3600, "WaitIntervalInSeconds");
        range(Json.integer(policy, "TerminationWaitInSeconds", 0), 0, 3600, "TerminationWaitInSeconds");
        range(Json.integer(policy, "MaximumExecutionTimeoutInSeconds", 3600), 600, 28800, "MaximumExecutionTimeoutInSeconds");
        if (deployment.path("AutoRollbackConfiguration").path("Alarms").size() > 10) {
            throw ApiError.validation("AutoRollbackConfiguration takes at most 10 alarms");
        }
        return switch (type) {
            case "CANARY" -> {
                percent(routing.path("CanarySize"), instances, 1, "CanarySize");
                yield 2;
            }
            case "LINEAR" -> (int) Math.ceil(100.0 / percent(routing.path("LinearStepSize"), instances, 10, "LinearStepSize"));
            default -> 1;
        };
    }

    /** The size as a percentage of the fleet, checked against SageMaker's bounds. */
    private static double percent(JsonNode size, int instances, int minPercent, String field) {
        if (!size.isObject()) {
            throw ApiError.validation("TrafficRoutingConfiguration of this type needs " + field);
        }
        String type = Json.required(size, "Type");
        int value = Json.integer(size, "Value", 0);
        double percent = "INSTANCE_COUNT".equals(type) ? 100.0 * value / instances : value;
        if (value < 1 || percent > 50 || percent < minPercent) {
            throw ApiError.validation(field + " " + value + " " + type + " is " + percent + "% of " + instances
                    + " instance(s); it must be " + minPercent + "-50% of the new fleet");
        }
        return percent;
    }

    private static void range(int value, int min, int max, String field) {
        if (value < min || value > max) {
            throw ApiError.validation("1 validation error detected: Value '" + value + "' at '" + field
                    + "' failed to satisfy constraint: Member must have value between " + min + " and " + max);
        }
    }
}
