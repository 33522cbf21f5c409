package dev.mlops.aws;

import static dev.mlops.aws.DeployFixture.ENDPOINT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.aws.fake.RecordedRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.EndpointStatus;

/**
 * {@code mlops --backend aws reconcile/status/rollback} in-process against the fake SageMaker, over
 * real HTTP with the real SDK: the desired state stays in Git, the endpoint is SageMaker's.
 */
class SageMakerDeployTest {
    private static final String V1 = AwsFakes.GROUP + "/1";
    private static final String V2 = AwsFakes.GROUP + "/2";

    @TempDir
    Path dir;
    DeployFixture deploy;

    @BeforeEach
    void start() {
        deploy = new DeployFixture(dir).approvedPackages(2);
    }

    @AfterEach
    void stop() {
        deploy.close();
    }

    @Test
    void firstDeployCreatesTheModelConfigAndEndpointTaggedAndCapturing() {
        int before = deploy.writes().size();
        AwsFakes.Run run = deploy.reconcile();

        assertEquals(0, run.exitCode(), run.err() + run.out());
        Map<String, Object> result = run.json();
        assertEquals("ReconciliationSucceeded", result.get("reason"));
        assertEquals(V1, result.get("live_version"));
        String config = (String) result.get("desired_config");
        assertEquals(config, result.get("live_config"));
        List<RecordedRequest> writes = deploy.writes();
        assertEquals(List.of("CreateModel", "CreateEndpointConfig", "CreateEndpoint"),
                writes.subList(before, writes.size()).stream().map(RecordedRequest::operation).toList());
        JsonNode model = only("CreateModel");
        assertEquals(config, model.path("ModelName").asText());
        assertEquals(AwsFakes.ROLE, model.path("ExecutionRoleArn").asText());
        assertEquals("Serial", model.path("InferenceExecutionConfig").path("Mode").asText());
        assertEquals(DeployFixture.SKLEARN, model.path("Containers").path(0).path("Image").asText(), "featurizer first");
        assertEquals("inference.py", model.path("Containers").path(0).path("Environment").path("SAGEMAKER_PROGRAM").asText());
        assertEquals(DeployFixture.XGBOOST, model.path("Containers").path(1).path("Image").asText());
        assertTrue(model.path("Containers").path(1).path("ModelDataUrl").asText().endsWith("/v1/train/output/model.tar.gz"));
        Map<String, String> modelTags = tags(model);
        assertEquals("staging", modelTags.get("mlops:environment"));
        assertTrue(modelTags.get("mlops:model-package").endsWith(":model-package/" + V1), modelTags.toString());
        assertTrue(modelTags.get("mlops:desired-commit").matches("[0-9a-f]{40}"), modelTags.toString());
        JsonNode endpointConfig = only("CreateEndpointConfig");
        JsonNode variant = endpointConfig.path("ProductionVariants").path(0);
        assertTrue(variant.path("VariantName").asText().matches("v1-[0-9a-f]{8}"), variant.toString());
        assertEquals(config, variant.path("ModelName").asText());
        assertEquals("ml.m5.large", variant.path("InstanceType").asText());
        assertEquals(2, variant.path("InitialInstanceCount").asInt());
        JsonNode capture = endpointConfig.path("DataCaptureConfig");
        assertEquals(100, capture.path("InitialSamplingPercentage").asInt());
        assertEquals(AwsFakes.S3_PREFIX + "/data-capture/" + ENDPOINT, capture.path("DestinationS3Uri").asText());
        assertEquals("[{\"CaptureMode\":\"Input\"},{\"CaptureMode\":\"Output\"}]", capture.path("CaptureOptions").toString());
        Map<String, String> endpointTags = endpointTags();
        assertEquals(config, endpointTags.get("mlops:requested-config"));
        assertEquals("staging", endpointTags.get("mlops:environment"));
    }

    @Test
    void aSecondReconcileMakesNoWriteCall() {
        assertEquals(0, deploy.reconcile().exitCode());
        int writes = deploy.writes().size();

        AwsFakes.Run again = deploy.reconcile();

        assertEquals(0, again.exitCode(), again.err());
        assertEquals("ReconciliationSucceeded", again.json().get("reason"));
        assertEquals(writes, deploy.writes().size(), "no write call: " + deploy.writes());
    }

    @Test
    void aCanaryUpdateMovesTheEndpointToTheNewVersion() throws Exception {
        String first = (String) deploy.reconcile().json().get("live_config");
        deploy.wantVersion(2);

        AwsFakes.Run run = deploy.reconcile();

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(V2, run.json().get("live_version"));
        JsonNode update = only("UpdateEndpoint");
        assertEquals(run.json().get("desired_config"), update.path("EndpointConfigName").asText());
        JsonNode policy = update.path("DeploymentConfig").path("BlueGreenUpdatePolicy");
        JsonNode routing = policy.path("TrafficRoutingConfiguration");
        assertEquals("CANARY", routing.path("Type").asText());
        assertEquals(300, routing.path("WaitIntervalInSeconds").asInt());
        assertEquals("{\"Type\":\"CAPACITY_PERCENT\",\"Value\":50}", routing.path("CanarySize").toString(),
                "one instance of two");
        assertEquals(120, policy.path("TerminationWaitInSeconds").asInt());
        assertEquals(1800, policy.path("MaximumExecutionTimeoutInSeconds").asInt());
        assertEquals("[{\"AlarmName\":\"" + DeployFixture.ALARM + "\"}]",
                update.path("DeploymentConfig").path("AutoRollbackConfiguration").path("Alarms").toString());
        Map<String, String> tags = endpointTags();
        assertEquals(run.json().get("desired_config"), tags.get("mlops:requested-config"));
        assertEquals(first, tags.get("mlops:previous-config"));
    }

    @Test
    void aRolledBackUpdateIsAFailureWithTheEndpointsReason() throws Exception {
        assertEquals(0, deploy.reconcile().exitCode());
        deploy.wantVersion(2);
        deploy.aws.sageMaker.rollBackNextUpdate(ENDPOINT, "Alarm " + DeployFixture.ALARM + " went into ALARM");

        AwsFakes.Run run = deploy.reconcile();

        assertEquals(1, run.exitCode(), run.err() + run.out());
        Map<String, Object> result = run.json();
        assertEquals("DeploymentFailed", result.get("reason"));
        assertEquals("Degraded", result.get("health"));
        assertEquals("InService", result.get("endpoint_status"), "SageMaker's rollback ends InService on the old config");
        assertEquals(V1, result.get("live_version"));
        assertTrue(((String) result.get("message")).contains("Alarm " + DeployFixture.ALARM + " went into ALARM"),
                result.toString());
        Map<?, ?> status = deploy.status();
        assertEquals("Degraded", status.get("health"));
        assertEquals("OutOfSync", status.get("sync"));
        AwsFakes.Run loop = deploy.cli("reconcile", "--env", "staging", "--once", "--poll", "1ms", "--no-correct");
        assertEquals("DeploymentFailed", loop.json().get("reason"), "still a failure, not drift");
    }

    @Test
    void aFailedCreationReportsTheReasonAndARetrySaysToDeleteTheEndpoint() {
        deploy.aws.sageMaker.failNextChange(ENDPOINT, "The primary container did not pass the ping health check");

        AwsFakes.Run run = deploy.reconcile();
        AwsFakes.Run retry = deploy.reconcile();

        assertEquals(1, run.exitCode(), run.err() + run.out());
        assertEquals("DeploymentFailed", run.json().get("reason"));
        assertEquals("Failed", run.json().get("endpoint_status"));
        assertTrue(((String) run.json().get("message")).contains("did not pass the ping health check"), run.out());
        assertEquals(1, retry.exitCode(), retry.err() + retry.out());
        assertTrue(retry.err().contains("SageMaker only deletes a failed endpoint; delete it"), retry.err());
        assertEquals("ReconciliationFailed", ((Map<?, ?>) deploy.status().get("last_reconcile")).get("reason"));
        assertEquals(1, deploy.aws.sageMaker.requests("CreateEndpoint").size());
        assertTrue(deploy.aws.sageMaker.requests("UpdateEndpoint").isEmpty());
    }

    @Test
    void aFailedRollbackReportsUpdateRollbackFailedAndItsReason() throws Exception {
        assertEquals(0, deploy.reconcile().exitCode());
        deploy.wantVersion(2);
        deploy.aws.sageMaker.failRollbackOfNextUpdate(ENDPOINT, "Rollback failed: capacity unavailable");

        AwsFakes.Run run = deploy.reconcile();

        assertEquals(1, run.exitCode(), run.err() + run.out());
        assertEquals("DeploymentFailed", run.json().get("reason"));
        assertEquals("UpdateRollbackFailed", run.json().get("endpoint_status"));
        assertEquals("Degraded", run.json().get("health"));
        assertTrue(((String) run.json().get("message")).contains("capacity unavailable"), run.out());
    }

    @Test
    void aSystemUpdateIsWaitedOutBeforeTheUpdate() throws Exception {
        assertEquals(0, deploy.reconcile().exitCode());
        deploy.wantVersion(2);
        deploy.aws.sageMaker.ticksPerEndpointChange(5).startSystemUpdate(ENDPOINT);

        AwsFakes.Run run = deploy.reconcile();

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(V2, run.json().get("live_version"));
        assertEquals(1, deploy.aws.sageMaker.requests("UpdateEndpoint").size());
        assertTrue(deploy.aws.sageMaker.requests("UpdateEndpoint").get(0).injectedFault().isEmpty());
    }

    @Test
    void aSystemUpdateOfTheDesiredConfigIsFollowedWithoutWriting() {
        assertEquals(0, deploy.reconcile().exitCode());
        int writes = deploy.writes().size();
        deploy.aws.sageMaker.startSystemUpdate(ENDPOINT);

        AwsFakes.Run run = deploy.reconcile();

        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals("InService", deploy.aws.sageMaker.endpointStatus(ENDPOINT));
        assertEquals(writes, deploy.writes().size());
    }

    @Test
    void someoneElsesUpdateKeepsTheEndpointBusy() throws Exception {
        String config = (String) deploy.reconcile().json().get("live_config");
        deploy.aws.sageMaker.ticksPerEndpointChange(1_000);
        try (AwsClients clients = deploy.aws.clients()) {
            handConfig(clients.sageMaker(), config);
            clients.sageMaker().updateEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName("by-hand"));
        }

        AwsFakes.Run run = deploy.reconcile("--timeout", "50ms");

        assertEquals(3, run.exitCode(), run.err() + run.out());
        assertEquals("EndpointBusy", run.json().get("reason"));
        assertTrue(((String) run.json().get("message")).contains("towards by-hand"), run.out());
        assertEquals(1, deploy.aws.sageMaker.requests("UpdateEndpoint").size(), "it never interrupts it");
    }

    @Test
    void aRerunAfterATimeOutFollowsTheUpdateInsteadOfStartingAnother() throws Exception {
        assertEquals(0, deploy.reconcile().exitCode());
        deploy.wantVersion(2);
        deploy.aws.sageMaker.ticksPerEndpointChange(20);

        AwsFakes.Run first = deploy.reconcile("--timeout", "0s");
        AwsFakes.Run rerun = deploy.reconcile();

        assertEquals(3, first.exitCode(), first.err() + first.out());
        assertEquals("WaitTimedOut", first.json().get("reason"));
        assertEquals(0, rerun.exitCode(), rerun.err() + rerun.out());
        assertEquals(V2, rerun.json().get("live_version"));
        assertEquals(1, deploy.aws.sageMaker.requests("UpdateEndpoint").size());
    }

    @Test
    void driftByHandIsShownReportedOnlyWhenAskedAndCorrected() {
        String config = (String) deploy.reconcile().json().get("live_config");
        try (AwsClients clients = deploy.aws.clients()) {
            handConfig(clients.sageMaker(), config);
            clients.sageMaker().updateEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName("by-hand"));
            while (clients.sageMaker().describeEndpoint(b -> b.endpointName(ENDPOINT)).endpointStatus()
                    != EndpointStatus.IN_SERVICE) {
                Thread.onSpinWait();
            }
        }

        Map<?, ?> status = deploy.status();
        assertEquals("OutOfSync", status.get("sync"));
        assertEquals("by-hand", status.get("live_config"));
        assertEquals("Healthy", status.get("health"), "a change by hand is drift, not a failed deployment");
        int writes = deploy.writes().size();
        AwsFakes.Run report = deploy.reconcile("--no-correct");
        assertEquals(1, report.exitCode(), report.err() + report.out());
        assertEquals("DriftDetected", report.json().get("reason"));
        assertTrue(((String) report.json().get("message")).contains("by-hand"), report.out());
        assertEquals(writes, deploy.writes().size(), "--no-correct writes nothing");

        AwsFakes.Run corrected = deploy.reconcile();

        assertEquals(0, corrected.exitCode(), corrected.err() + corrected.out());
        assertEquals(config, corrected.json().get("live_config"));
        List<RecordedRequest> updates = deploy.aws.sageMaker.requests("UpdateEndpoint");
        assertEquals(2, updates.size(), "the hand's, then the correction");
        assertEquals(config, updates.get(1).body().path("EndpointConfigName").asText());
    }

    @Test
    void anOversizedCanaryFailsWithTheFileAndLineBeforeAnyAwsCall() throws Exception {
        deploy.edit(text -> text.replace("type: INSTANCE_COUNT\n    value: 1", "type: CAPACITY_PERCENT\n    value: 60"));
        int before = deploy.aws.sageMaker.requests().size();

        AwsFakes.Run run = deploy.reconcile();

        assertEquals(1, run.exitCode(), run.err() + run.out());
        assertEquals("InvalidDesiredState", run.json().get("reason"));
        String message = (String) run.json().get("message");
        assertTrue(message.matches("(?s).*environments/staging\\.yaml:17:\\d+.*"), message);
        assertTrue(message.contains("60"), message);
        assertEquals(before, deploy.aws.sageMaker.requests().size(), "no AWS call");
    }

    @Test
    void rollbackThenReconcileServesThePreviousVersionAgainReusingItsConfig() throws Exception {
        String first = (String) deploy.reconcile().json().get("live_config");
        deploy.wantVersion(2);
        assertEquals(0, deploy.reconcile().exitCode());

        AwsFakes.Run rollback = deploy.cli("rollback", "--env", "staging");
        AwsFakes.Run run = deploy.reconcile();

        assertEquals(0, rollback.exitCode(), rollback.err() + rollback.out());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(V1, run.json().get("live_version"));
        assertEquals(first, run.json().get("live_config"), "the same content, the same config");
        assertEquals(V1, deploy.status().get("desired_version"));
        assertEquals("Synced", deploy.status().get("sync"));
        List<RecordedRequest> models = deploy.aws.sageMaker.requests("CreateModel");
        assertEquals(3, models.size());
        assertTrue(models.get(2).injectedFault().isEmpty());
        assertNotEquals(first, models.get(1).body().path("ModelName").asText());
    }

    /** An endpoint config made in the console: the same model on one instance, no capture. */
    private static void handConfig(SageMakerClient sm, String model) {
        sm.createEndpointConfig(b -> b.endpointConfigName("by-hand").productionVariants(v -> v.variantName("AllTraffic")
                .modelName(model).instanceType("ml.m5.xlarge").initialInstanceCount(1)));
    }

    private JsonNode only(String operation) {
        List<RecordedRequest> requests = deploy.aws.sageMaker.requests(operation);
        assertEquals(1, requests.size(), operation + ": " + requests);
        return requests.get(0).body();
    }

    private static Map<String, String> tags(JsonNode request) {
        Map<String, String> tags = new HashMap<>();
        request.path("Tags").forEach(t -> tags.put(t.path("Key").asText(), t.path("Value").asText()));
        return tags;
    }

    private Map<String, String> endpointTags() {
        try (AwsClients clients = deploy.aws.clients()) {
            SageMakerClient sm = clients.sageMaker();
            String arn = sm.describeEndpoint(b -> b.endpointName(ENDPOINT)).endpointArn();
            Map<String, String> tags = new HashMap<>();
            sm.listTags(b -> b.resourceArn(arn)).tags().forEach(t -> tags.put(t.key(), t.value()));
            return tags;
        }
    }
}
