package dev.mlops.aws.fake;

import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;

/**
 * Puts an endpoint into the fake the way the deployer will: a model, an endpoint config
 * {@code <endpoint>-<variant>} with one production variant {@code <variant>}, the endpoint, in service.
 */
public final class Endpoints {
    private Endpoints() {
    }

    /** The endpoint, in service on the config of {@code variant} (e.g. {@code v1-0a1b2c3d}). */
    public static void serve(SageMakerClient sageMaker, FakeSageMaker fake, String endpoint, String variant) {
        config(sageMaker, endpoint, variant);
        sageMaker.createEndpoint(b -> b.endpointName(endpoint).endpointConfigName(endpoint + "-" + variant));
        awaitInService(sageMaker, endpoint);
    }

    /** A model and the config {@code <endpoint>-<variant>} that serves it. */
    public static void config(SageMakerClient sageMaker, String endpoint, String variant) {
        String model = endpoint + "-" + variant;
        sageMaker.createModel(b -> b.modelName(model).executionRoleArn("arn:aws:iam::123456789012:role/Serve")
                .containers(c -> c.image("featurizer"), c -> c.image("xgboost")));
        sageMaker.createEndpointConfig(b -> b.endpointConfigName(endpoint + "-" + variant).productionVariants(v -> v
                .variantName(variant).modelName(model).initialInstanceCount(1).instanceType("ml.m5.large")));
    }

    /** Describes the endpoint (each describe ticks it) until it is in service. */
    public static void awaitInService(SageMakerClient sageMaker, String endpoint) {
        for (int i = 0; i < 20; i++) {
            if (sageMaker.describeEndpoint(b -> b.endpointName(endpoint)).endpointStatus() == EndpointStatus.IN_SERVICE) {
                return;
            }
        }
        throw new AssertionError(endpoint + " is not in service after 20 describes");
    }
}
