package dev.mlops.spec;

import dev.mlops.registry.ModelPackageRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired state of one environment, read from {@code model-deploy/environments/<env>.yaml}:
 * which model package should serve, on what endpoint, with what data capture, deployment policy,
 * smoke suite and promotion rule. The controller reconciles the live endpoint to it.
 */
public record EnvironmentSpec(String file, String name, String project, Optional<ModelPackageRef> modelPackage,
        Endpoint endpoint, DataCapture dataCapture, Deployment deployment, Optional<Smoke> smoke,
        Optional<Promotion> promotion, Optional<Api> api) {

    /** The same desired state serving {@code version} instead (empty: no model package). */
    public EnvironmentSpec withModelPackage(Optional<ModelPackageRef> version) {
        return new EnvironmentSpec(file, name, project, version, endpoint, dataCapture, deployment, smoke, promotion, api);
    }

    /**
     * The environment's own API, e.g. an API Gateway stage route: the only URL whose smoke runs
     * count as evidence. Without it, the backend's own route serves (the local serving process's).
     *
     * @param url the route smoke runs call
     * @param auth how the API authorises callers: open, or IAM (requests signed with SigV4)
     * @param apiKeyEnv the environment variable that holds the API key to send as {@code x-api-key};
     *        the key itself never is in Git
     */
    public record Api(String url, Auth auth, Optional<String> apiKeyEnv) {
        public Api {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(auth, "auth");
            Objects.requireNonNull(apiKeyEnv, "apiKeyEnv");
        }

        /** An open API: no signature, no key. */
        public Api(String url) {
            this(url, Auth.NONE, Optional.empty());
        }
    }

    /** How an API authorises callers: {@code none} (open) or {@code iam} (SigV4, service execute-api). */
    public enum Auth {
        NONE, IAM;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The SageMaker endpoint; {@code instanceType} and {@code instanceCount} are kept for AWS and recorded locally. */
    public record Endpoint(String name, String instanceType, int instanceCount) {
    }

    /**
     * Capture of requests and responses; SageMaker's {@code InitialSamplingPercentage} is a whole number
     * 0-100. The limits bound what the local serving process keeps on disk.
     */
    public record DataCapture(boolean enabled, int samplingPercentage, CaptureLimits limits) {
        public DataCapture {
            Objects.requireNonNull(limits, "limits");
        }

        /** Capture with the default limits. */
        public DataCapture(boolean enabled, int samplingPercentage) {
            this(enabled, samplingPercentage, CaptureLimits.DEFAULTS);
        }
    }

    /** SageMaker's blue/green {@code DeploymentConfig} with its {@code AutoRollbackConfiguration} alarms. */
    public record Deployment(Strategy strategy, TrafficRouting trafficRouting, int waitIntervalSeconds,
            Optional<CapacitySize> canarySize, Optional<CapacitySize> linearStepSize, int terminationWaitSeconds,
            int maximumExecutionTimeoutSeconds, List<String> alarms) {

        public Deployment {
            alarms = List.copyOf(alarms);
        }
    }

    /** How many instances take traffic in one step: a count or a percentage of the fleet. */
    public record CapacitySize(CapacityType type, int value) {
    }

    /** The smoke suite that gates this environment, a path in the product repository. */
    public record Smoke(String suite) {
    }

    /** Where promoted versions come from, and whether a named approver must be recorded. */
    public record Promotion(String from, boolean requiresApprover) {
    }

    /** Only blue/green: the new fleet is healthy before it takes traffic, and the old one keeps serving otherwise. */
    public enum Strategy {
        BLUE_GREEN;

        public String yamlName() {
            return name().toLowerCase();
        }
    }

    /** SageMaker's {@code TrafficRoutingConfig.Type}. */
    public enum TrafficRouting {
        ALL_AT_ONCE, CANARY, LINEAR
    }

    /** SageMaker's {@code CapacitySize.Type}. */
    public enum CapacityType {
        INSTANCE_COUNT, CAPACITY_PERCENT
    }
}
