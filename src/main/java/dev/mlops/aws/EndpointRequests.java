package dev.mlops.aws;

import dev.mlops.InputException;
import dev.mlops.deploy.DeploymentPolicy;
import dev.mlops.deploy.EndpointConfig;
import java.util.List;
import software.amazon.awssdk.services.sagemaker.model.Alarm;
import software.amazon.awssdk.services.sagemaker.model.AutoRollbackConfig;
import software.amazon.awssdk.services.sagemaker.model.BlueGreenUpdatePolicy;
import software.amazon.awssdk.services.sagemaker.model.CapacitySize;
import software.amazon.awssdk.services.sagemaker.model.CaptureMode;
import software.amazon.awssdk.services.sagemaker.model.CaptureOption;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.CreateEndpointConfigRequest;
import software.amazon.awssdk.services.sagemaker.model.CreateModelRequest;
import software.amazon.awssdk.services.sagemaker.model.DataCaptureConfig;
import software.amazon.awssdk.services.sagemaker.model.DeploymentConfig;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.InferenceExecutionMode;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.TrafficRoutingConfig;

/**
 * The SageMaker requests one endpoint config becomes, as pure functions: the inference-pipeline
 * model (the package's containers in order, featurizer first, called in series), the endpoint
 * config (one production variant named for the version, data capture of input and output under
 * the project's S3 prefix) and the blue/green {@code DeploymentConfig} of an update.
 *
 * <p>The model and the endpoint config are both named after the config ({@link EndpointConfig#configName()},
 * a hash of its content), so a retry finds what an earlier attempt created and reuses it.
 */
final class EndpointRequests {
    /** Where captured requests and responses go, below the project's {@code s3_prefix}. */
    static final String CAPTURE_FOLDER = "data-capture";

    /** What the requests need beyond the config: the role the model runs as and the project's S3 prefix. */
    record Account(String executionRole, String s3Prefix) {
    }

    private EndpointRequests() {
    }

    static CreateModelRequest model(EndpointConfig config, DescribeModelPackageResponse modelPackage, Account account,
                                    List<Tag> tags) {
        List<ModelPackageContainerDefinition> registered = modelPackage.inferenceSpecification() == null
                || !modelPackage.inferenceSpecification().hasContainers() ? List.of()
                : modelPackage.inferenceSpecification().containers();
        if (registered.isEmpty()) {
            throw new InputException("cannot deploy model package " + config.model() + ": it has no inference containers"
                    + " (InferenceSpecification.Containers is empty)");
        }
        List<ContainerDefinition> containers = registered.stream().map(EndpointRequests::container).toList();
        CreateModelRequest.Builder model = CreateModelRequest.builder().modelName(config.configName())
                .executionRoleArn(account.executionRole()).containers(containers).tags(tags);
        if (containers.size() > 1) {
            model.inferenceExecutionConfig(c -> c.mode(InferenceExecutionMode.SERIAL));
        }
        return model.build();
    }

    static CreateEndpointConfigRequest endpointConfig(EndpointConfig config, Account account, List<Tag> tags) {
        ProductionVariant variant = ProductionVariant.builder().variantName(config.variantName())
                .modelName(config.configName()).instanceType(config.instanceType())
                .initialInstanceCount(config.instanceCount()).initialVariantWeight(1.0f).build();
        CreateEndpointConfigRequest.Builder request = CreateEndpointConfigRequest.builder()
                .endpointConfigName(config.configName()).productionVariants(variant).tags(tags);
        if (config.dataCapturePercent() > 0) {
            request.dataCaptureConfig(dataCapture(config, account.s3Prefix()));
        }
        return request.build();
    }

    static String captureDestination(String s3Prefix, String endpointName) {
        return s3Prefix + "/" + CAPTURE_FOLDER + "/" + endpointName;
    }

    /** Blue/green with the policy's traffic routing; the alarms, if any, roll the update back when they fire. */
    static DeploymentConfig deployment(DeploymentPolicy policy) {
        TrafficRoutingConfig.Builder routing = TrafficRoutingConfig.builder().type(policy.strategy())
                .waitIntervalInSeconds(policy.waitSeconds());
        policy.sizePercent().map(p -> CapacitySize.builder().type("CAPACITY_PERCENT").value(p).build())
                .ifPresent(size -> {
                    if (policy.strategy().equals(DeploymentPolicy.CANARY)) {
                        routing.canarySize(size);
                    } else {
                        routing.linearStepSize(size);
                    }
                });
        DeploymentConfig.Builder deployment = DeploymentConfig.builder().blueGreenUpdatePolicy(BlueGreenUpdatePolicy
                .builder().trafficRoutingConfiguration(routing.build())
                .terminationWaitInSeconds(policy.terminationWaitSeconds())
                .maximumExecutionTimeoutInSeconds(policy.maxExecutionSeconds()).build());
        if (!policy.alarms().isEmpty()) {
            deployment.autoRollbackConfiguration(AutoRollbackConfig.builder()
                    .alarms(policy.alarms().stream().map(a -> Alarm.builder().alarmName(a).build()).toList()).build());
        }
        return deployment.build();
    }

    private static DataCaptureConfig dataCapture(EndpointConfig config, String s3Prefix) {
        return DataCaptureConfig.builder().enableCapture(true).initialSamplingPercentage(config.dataCapturePercent())
                .destinationS3Uri(captureDestination(s3Prefix, config.endpointName()))
                .captureOptions(CaptureOption.builder().captureMode(CaptureMode.INPUT).build(),
                        CaptureOption.builder().captureMode(CaptureMode.OUTPUT).build())
                .captureContentTypeHeader(h -> h.csvContentTypes("text/csv").jsonContentTypes("application/json"))
                .build();
    }

    private static ContainerDefinition container(ModelPackageContainerDefinition registered) {
        ContainerDefinition.Builder container = ContainerDefinition.builder().image(registered.image())
                .modelDataUrl(registered.modelDataUrl());
        if (registered.hasEnvironment()) {
            container.environment(registered.environment());
        }
        return container.build();
    }
}
