package dev.mlops.deploy;

import dev.mlops.registry.ModelPackage;
import dev.mlops.spec.EnvironmentSpec;
import dev.mlops.spec.EnvironmentSpec.CapacitySize;
import dev.mlops.spec.EnvironmentSpec.Deployment;
import java.util.Optional;

/** Turns an environment's desired state and its model package into the endpoint config to apply. */
public final class EndpointConfigs {
    private EndpointConfigs() {
    }

    public static EndpointConfig of(EnvironmentSpec spec, ModelPackage modelPackage) {
        EnvironmentSpec.Endpoint endpoint = spec.endpoint();
        int capture = spec.dataCapture().enabled() ? spec.dataCapture().samplingPercentage() : 0;
        return new EndpointConfig(endpoint.name(), spec.name(), ModelRef.of(modelPackage), endpoint.instanceType(),
                endpoint.instanceCount(), capture, policy(spec.deployment(), endpoint.instanceCount()),
                spec.dataCapture().limits());
    }

    private static DeploymentPolicy policy(Deployment deployment, int instances) {
        Optional<CapacitySize> size = switch (deployment.trafficRouting()) {
            case CANARY -> deployment.canarySize();
            case LINEAR -> deployment.linearStepSize();
            case ALL_AT_ONCE -> Optional.empty();
        };
        return new DeploymentPolicy(deployment.trafficRouting().name(), deployment.waitIntervalSeconds(),
                size.map(s -> percent(s, instances)), deployment.alarms(), deployment.terminationWaitSeconds(),
                deployment.maximumExecutionTimeoutSeconds());
    }

    /** A step given in instances becomes the share of the fleet it is, rounded up. */
    private static int percent(CapacitySize size, int instances) {
        return switch (size.type()) {
            case CAPACITY_PERCENT -> size.value();
            case INSTANCE_COUNT -> (int) Math.ceil(100.0 * size.value() / instances);
        };
    }
}
