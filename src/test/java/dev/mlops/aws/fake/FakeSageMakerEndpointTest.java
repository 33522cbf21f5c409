package dev.mlops.aws.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CaptureOption;
import software.amazon.awssdk.services.sagemaker.model.ContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariant;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.waiters.SageMakerWaiter;

class FakeSageMakerEndpointTest {
    private static final String ENDPOINT = "end-to-end-ml-staging";

    private FakeSageMaker fake;
    private SageMakerClient client;

    @BeforeEach
    void start() {
        fake = new FakeSageMaker().start();
        client = Clients.sageMaker(fake.endpoint());
        createModelAndConfig("v1");
        createModelAndConfig("v2");
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void becomesInServiceAndTheSdkWaiterSeesIt() {
        client.createEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName("config-v1"));

        try (SageMakerWaiter waiter = SageMakerWaiter.builder().client(client)
                .overrideConfiguration(o -> o.backoffStrategyV2(BackoffStrategy.fixedDelay(Duration.ofMillis(1)))
                        .maxAttempts(10))
                .build()) {
            DescribeEndpointResponse ready = waiter.waitUntilEndpointInService(b -> b.endpointName(ENDPOINT))
                    .matched().response().orElseThrow();

            assertEquals(EndpointStatus.IN_SERVICE, ready.endpointStatus());
            assertEquals("config-v1", ready.endpointConfigName());
            assertEquals(1, ready.productionVariants().get(0).currentInstanceCount());
            assertEquals(100, ready.dataCaptureConfig().currentSamplingPercentage());
        }
    }

    @Test
    void movesToTheNewConfigAfterAnUpdate() {
        createInService();

        client.updateEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName("config-v2")
                .deploymentConfig(d -> d.blueGreenUpdatePolicy(p -> p.terminationWaitInSeconds(300)
                        .trafficRoutingConfiguration(t -> t.type("CANARY").waitIntervalInSeconds(600)
                                .canarySize(c -> c.type("CAPACITY_PERCENT").value(10))))));
        List<DescribeEndpointResponse> polls = pollUntilInService();

        assertEquals(EndpointStatus.UPDATING, polls.get(0).endpointStatus());
        assertEquals("config-v1", polls.get(0).endpointConfigName());
        assertEquals("config-v2", polls.get(0).pendingDeploymentSummary().endpointConfigName());
        assertEquals("config-v2", polls.get(polls.size() - 1).endpointConfigName());
        assertEquals("CANARY", polls.get(polls.size() - 1).lastDeploymentConfig().blueGreenUpdatePolicy()
                .trafficRoutingConfiguration().typeAsString());
    }

    @Test
    void endsInServiceOnTheOldConfigWhenAnUpdateRollsBack() {
        createInService();
        fake.rollBackNextUpdate(ENDPOINT);

        client.updateEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName("config-v2"));
        List<DescribeEndpointResponse> polls = pollUntilInService();

        assertTrue(polls.stream().anyMatch(p -> p.endpointStatus() == EndpointStatus.ROLLING_BACK));
        DescribeEndpointResponse last = polls.get(polls.size() - 1);
        assertEquals(EndpointStatus.IN_SERVICE, last.endpointStatus());
        assertEquals("config-v1", last.endpointConfigName());
    }

    @Test
    void refusesACanaryOfMoreThanHalfTheFleetAsSageMakerDoes() {
        createInService();

        SageMakerException refused = assertThrows(SageMakerException.class, () -> client.updateEndpoint(b -> b
                .endpointName(ENDPOINT).endpointConfigName("config-v2").deploymentConfig(d -> d.blueGreenUpdatePolicy(p -> p
                        .trafficRoutingConfiguration(t -> t.type("CANARY").waitIntervalInSeconds(60)
                                .canarySize(c -> c.type("INSTANCE_COUNT").value(1)))))));

        assertEquals("ValidationException", refused.awsErrorDetails().errorCode());
        assertTrue(refused.awsErrorDetails().errorMessage().contains("100.0% of 1 instance(s)"),
                refused.awsErrorDetails().errorMessage());
    }

    @Test
    void aFailedRollbackEndsUpdateRollbackFailedWithItsReason() {
        createInService();
        fake.failRollbackOfNextUpdate(ENDPOINT, "rollback failed");

        client.updateEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName("config-v2"));
        List<EndpointStatus> statuses = new ArrayList<>();
        DescribeEndpointResponse last;
        do {
            last = client.describeEndpoint(b -> b.endpointName(ENDPOINT));
            statuses.add(last.endpointStatus());
        } while (last.endpointStatus() != EndpointStatus.UPDATE_ROLLBACK_FAILED && statuses.size() < 20);

        assertTrue(statuses.contains(EndpointStatus.ROLLING_BACK), statuses.toString());
        assertEquals("rollback failed", last.failureReason());
    }

    @Test
    void aFailedCreationCanOnlyBeDeleted() {
        fake.failNextChange(ENDPOINT, "ping health check failed");
        client.createEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName("config-v1"));
        client.describeEndpoint(b -> b.endpointName(ENDPOINT));
        client.describeEndpoint(b -> b.endpointName(ENDPOINT));

        DescribeEndpointResponse failed = client.describeEndpoint(b -> b.endpointName(ENDPOINT));

        assertEquals(EndpointStatus.FAILED, failed.endpointStatus());
        assertEquals("ping health check failed", failed.failureReason());
        assertThrows(SageMakerException.class,
                () -> client.updateEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName("config-v2")));
    }

    @Test
    void aSystemUpdateEndsInServiceOnTheSameConfig() {
        createInService();
        fake.startSystemUpdate(ENDPOINT);

        assertEquals(EndpointStatus.SYSTEM_UPDATING, client.describeEndpoint(b -> b.endpointName(ENDPOINT)).endpointStatus());
        List<DescribeEndpointResponse> polls = pollUntilInService();
        assertEquals("config-v1", polls.get(polls.size() - 1).endpointConfigName());
    }

    @Test
    void refusesASecondUpdateWhileOneIsRunning() {
        createInService();
        client.updateEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName("config-v2"));

        SageMakerException busy = assertThrows(SageMakerException.class,
                () -> client.updateEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName("config-v1")));

        assertEquals("ValidationException", busy.awsErrorDetails().errorCode());
        assertTrue(busy.awsErrorDetails().errorMessage().startsWith("Cannot update in-progress endpoint"));
    }

    @Test
    void deletesThroughDeletingAndThenCannotFindIt() {
        createInService();

        client.deleteEndpoint(b -> b.endpointName(ENDPOINT));
        List<EndpointStatus> statuses = new ArrayList<>();
        SageMakerException gone = assertThrows(SageMakerException.class, () -> {
            while (true) {
                statuses.add(client.describeEndpoint(b -> b.endpointName(ENDPOINT)).endpointStatus());
            }
        });

        assertEquals(List.of(EndpointStatus.DELETING, EndpointStatus.DELETING), statuses);
        assertEquals("ValidationException", gone.awsErrorDetails().errorCode());
        assertTrue(gone.awsErrorDetails().errorMessage().startsWith("Could not find endpoint"));
    }

    @Test
    void describesAndDeletesModelsAndConfigs() {
        assertEquals("s3://mlops-artifacts/v1/model.tar.gz",
                client.describeModel(b -> b.modelName("model-v1")).containers().get(1).modelDataUrl());
        assertEquals("model-v1", client.describeEndpointConfig(b -> b.endpointConfigName("config-v1"))
                .productionVariants().get(0).modelName());

        client.deleteModel(b -> b.modelName("model-v2"));

        SageMakerException missing = assertThrows(SageMakerException.class,
                () -> client.describeModel(b -> b.modelName("model-v2")));
        assertEquals("ValidationException", missing.awsErrorDetails().errorCode());
        assertThrows(SageMakerException.class, () -> client.createEndpointConfig(b -> b.endpointConfigName("bad")
                .productionVariants(variant("model-v2"))));
    }

    /** The inference pipeline of DOMAIN.md 2: featurizer container, then XGBoost. */
    private void createModelAndConfig(String version) {
        client.createModel(b -> b.modelName("model-" + version)
                .executionRoleArn(Pipelines.ROLE)
                .containers(container("sagemaker-scikit-learn:1.2-1-cpu-py3", version + "/featurizer.tar.gz"),
                        container("sagemaker-xgboost:1.7-1", version + "/model.tar.gz")));
        client.createEndpointConfig(b -> b.endpointConfigName("config-" + version)
                .productionVariants(variant("model-" + version))
                .dataCaptureConfig(d -> d.enableCapture(true).initialSamplingPercentage(100)
                        .destinationS3Uri("s3://mlops-artifacts/datacapture")
                        .captureOptions(CaptureOption.builder().captureMode("Input").build(),
                                CaptureOption.builder().captureMode("Output").build())));
    }

    private static ContainerDefinition container(String image, String artifact) {
        return ContainerDefinition.builder().image("683313688378.dkr.ecr.us-east-1.amazonaws.com/" + image)
                .modelDataUrl("s3://mlops-artifacts/" + artifact).build();
    }

    private static ProductionVariant variant(String model) {
        return ProductionVariant.builder().variantName("AllTraffic").modelName(model).initialInstanceCount(1)
                .instanceType("ml.m5.large").initialVariantWeight(1.0f).build();
    }

    private void createInService() {
        client.createEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName("config-v1"));
        pollUntilInService();
    }

    private List<DescribeEndpointResponse> pollUntilInService() {
        List<DescribeEndpointResponse> polls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            DescribeEndpointResponse described = client.describeEndpoint(b -> b.endpointName(ENDPOINT));
            polls.add(described);
            if (described.endpointStatus() == EndpointStatus.IN_SERVICE) {
                return polls;
            }
        }
        throw new AssertionError("endpoint did not become InService: " + polls);
    }
}
