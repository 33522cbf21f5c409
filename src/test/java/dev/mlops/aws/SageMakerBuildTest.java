package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.aws.fake.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** {@code mlops --backend aws build} in-process against the fakes, over real HTTP with the real SDK. */
class SageMakerBuildTest {
    static final List<String> STEPS = List.of("Preprocess", "Train", "Evaluate", "QualityGate", "Register");

    @TempDir
    Path dir;
    AwsFakes aws;

    @BeforeEach
    void start() {
        aws = AwsFakes.start(dir);
        aws.sageMaker.evaluationMetrics(AwsFakes.metrics(0.97));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void buildRegistersAPackageAndReturnsItsMetricsLikeTheLocalBackend() {
        AwsFakes.Run run = aws.build();

        assertEquals(0, run.exitCode(), run.err() + run.out());
        Map<String, Object> result = run.json();
        assertEquals("Succeeded", result.get("status"));
        assertEquals(STEPS, names(result));
        assertEquals(Map.of("auc", 0.97, "accuracy", 0.99, "precision", 0.9, "recall", 0.8, "f1", 0.85), result.get("metrics"));
        assertEquals(List.of("auc", "accuracy", "precision", "recall", "f1"),
                List.copyOf(((Map<?, ?>) result.get("metrics")).keySet()), "the local backend's metric order");
        Map<?, ?> pkg = (Map<?, ?>) result.get("model_package");
        assertEquals(AwsFakes.GROUP, pkg.get("group"));
        assertEquals(1, pkg.get("version"));
        assertEquals("PendingManualApproval", pkg.get("approval_status"));
        assertEquals(AwsFakes.COMMIT, result.get("commit"));
        String evaluation = (String) result.get("evaluation");
        assertTrue(aws.s3.getObjectAsString(AwsFakes.BUCKET, evaluation.substring(("s3://" + AwsFakes.BUCKET + "/").length()))
                .orElseThrow().contains("binary_classification_metrics"), evaluation);
        assertTrue(run.err().contains("https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/pipelines/"),
                run.err());
        assertTrue(run.err().contains("Register     Succeeded"), run.err());
    }

    @Test
    void buildUploadsCodeAndDataAndStartsWithCommitTokenRoleAndParameters() {
        AwsFakes.Run run = aws.build("--param", "max_depth=5");
        assertEquals(0, run.exitCode(), run.err());

        RecordedRequest create = aws.sageMaker.requests("CreatePipeline").get(0);
        assertEquals(AwsFakes.ROLE, create.body().path("RoleArn").asText());
        assertTrue(create.body().path("Tags").toString().contains(AwsFakes.COMMIT), create.body().path("Tags").toString());
        RecordedRequest start = aws.sageMaker.requests("StartPipelineExecution").get(0);
        String token = start.body().path("ClientRequestToken").asText();
        assertTrue(token.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), token);
        assertEquals("build-4f2a9c1-" + token.substring(0, 8), start.body().path("PipelineExecutionDisplayName").asText());
        Map<String, String> parameters = new java.util.HashMap<>();
        start.body().path("PipelineParameters").forEach(p -> parameters.put(p.path("Name").asText(), p.path("Value").asText()));
        assertEquals("5", parameters.get("max_depth"));
        assertEquals(AwsFakes.S3_PREFIX + "/data/generated/ai4i-rows-10000-seed-42.csv", parameters.get("input_data"));
        List<String> keys = aws.s3.keys(AwsFakes.BUCKET);
        assertTrue(keys.contains("builds/data/generated/ai4i-rows-10000-seed-42.csv"), keys.toString());
        for (String script : List.of("preprocess.py", "evaluate.py", "inference.py")) {
            assertTrue(keys.stream().anyMatch(k -> k.matches("builds/" + AwsFakes.PIPELINE + "/code/[0-9a-f]{16}/" + script)),
                    keys.toString());
        }
        try (AwsClients clients = aws.clients()) {
            String pipelineArn = clients.sageMaker().describePipeline(b -> b.pipelineName(AwsFakes.PIPELINE)).pipelineArn();
            List<Tag> tags = clients.sageMaker().listTags(b -> b.resourceArn(pipelineArn)).tags();
            assertTrue(tags.contains(Tag.builder().key("mlops:commit").value(AwsFakes.COMMIT).build()), tags.toString());
        }
    }

    @Test
    void registeredPackageRecordsCommitAndExecution() {
        AwsFakes.Run build = aws.build();
        assertEquals(0, build.exitCode(), build.err());

        AwsFakes.Run describe = aws.cli("models", "describe", AwsFakes.GROUP + "/1");

        assertEquals(0, describe.exitCode(), describe.err());
        assertEquals(AwsFakes.COMMIT, describe.json().get("source_commit"));
        assertEquals(build.json().get("execution_id"), describe.json().get("execution_id"));
        assertEquals(0.97, ((Map<?, ?>) describe.json().get("metrics")).get("auc"));
        Map<?, ?> artifacts = (Map<?, ?>) describe.json().get("artifacts");
        assertTrue(String.valueOf(artifacts.get("model")).endsWith("/output/model.tar.gz"), artifacts.toString());
        assertTrue(String.valueOf(artifacts.get("featurizer")).endsWith("model.tar.gz"), artifacts.toString());
    }

    @Test
    void rerunOfTheSameCommitFollowsTheFirstExecutionAndANewAttemptStartsAnother() {
        AwsFakes.Run first = aws.build();
        AwsFakes.Run again = aws.build();
        AwsFakes.Run attempt2 = aws.build("--attempt", "2");

        assertEquals(0, again.exitCode(), again.err());
        assertEquals(first.json().get("execution_arn"), again.json().get("execution_arn"));
        assertEquals(1, ((Map<?, ?>) again.json().get("model_package")).get("version"));
        assertTrue(again.err().contains("started earlier for this commit"), again.err());
        assertEquals(0, attempt2.exitCode(), attempt2.err());
        assertFalse(first.json().get("execution_arn").equals(attempt2.json().get("execution_arn")));
        assertEquals(2, ((Map<?, ?>) attempt2.json().get("model_package")).get("version"));
        assertEquals(2, aws.sageMaker.requests("StartPipelineExecution").size());
    }

    @Test
    void failingStepSurfacesItsReasonAndExitsOne() {
        aws.sageMaker.failStep("Train", "AlgorithmError: XGBoost ran out of memory");

        AwsFakes.Run run = aws.build();

        assertEquals(1, run.exitCode(), run.err());
        Map<String, Object> result = run.json();
        assertEquals("Failed", result.get("status"));
        assertEquals("Train: AlgorithmError: XGBoost ran out of memory", result.get("failure_reason"));
        Map<String, Object> train = steps(result).get(1);
        assertEquals("Failed", train.get("status"));
        assertEquals("AlgorithmError: XGBoost ran out of memory", train.get("failure_reason"));
        assertFalse(result.containsKey("model_package"));
        assertTrue(run.err().contains("Train        Failed") && run.err().contains("out of memory"), run.err());
    }

    @Test
    void refusedQualityGateReportsTheEvaluationMetricsAndRegistersNothing() {
        aws.sageMaker.evaluationMetrics(AwsFakes.metrics(0.55));

        AwsFakes.Run run = aws.build();

        assertEquals(1, run.exitCode(), run.err());
        Map<String, Object> result = run.json();
        assertEquals(0.55, ((Map<?, ?>) result.get("metrics")).get("auc"));
        assertFalse(((Map<?, ?>) result.get("metrics")).containsKey("predicted_positives"), "counts are gate inputs, not metrics");
        assertFalse(result.containsKey("model_package"));
        assertTrue(((String) result.get("failure_reason")).startsWith("GateFailed: "), result.toString());
        assertTrue(names(result).contains("GateFailed"), names(result).toString());
    }

    @Test
    void modelPredictingOneClassFailsTheCompiledGate() {
        Map<String, Double> metrics = new java.util.HashMap<>(AwsFakes.metrics(0.9));
        metrics.put("predicted_positives", 0.0);
        metrics.put("predicted_negatives", 1000.0);
        aws.sageMaker.evaluationMetrics(metrics);

        AwsFakes.Run run = aws.build();

        assertEquals(1, run.exitCode(), run.err());
        assertTrue(((String) run.json().get("failure_reason")).contains("GateFailed: quality gate failed: the model must"
                + " predict both classes (predicted_positives >= 1 and predicted_negatives >= 1)"), run.out());
        assertFalse(run.json().containsKey("model_package"));
    }

    @Test
    void approvalParameterIsRefusedBeforeAnythingStarts() {
        AwsFakes.Run run = aws.build("--param", "model_approval_status=Approved");

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("registration.auto_approve"), run.err());
        assertTrue(aws.sageMaker.requests("StartPipelineExecution").isEmpty());
    }

    @Test
    void autoApprovingSpecRegistersApprovedAndTheRegistrySaysWhoDecidedAndWhy() throws Exception {
        Path spec = dir.resolve("pipelines").resolve("model-build.yaml");
        Files.createDirectories(spec.getParent());
        String anchor = "  model_package_group: end-to-end-ml-sm-model-package-group\n";
        Files.writeString(spec, Files.readString(AwsFakes.SPEC).replace(anchor,
                anchor + "  auto_approve: {enabled: true, reason: dev group}\n"));

        AwsFakes.Run run = aws.cli("build", "--pipeline", spec.toString(), "--commit", AwsFakes.COMMIT);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("Approved", ((Map<?, ?>) run.json().get("model_package")).get("approval_status"));
        List<?> history = (List<?>) aws.cli("models", "describe", AwsFakes.GROUP + "/1").json().get("approval_history");
        Map<?, ?> decision = (Map<?, ?>) history.get(history.size() - 1);
        assertEquals("Approved", decision.get("to"));
        assertEquals(spec + " registration.auto_approve", decision.get("by"));
        assertEquals("dev group", decision.get("reason"));
    }

    @Test
    void missingScriptIsAnInputErrorNamingIt() throws Exception {
        Files.delete(dir.resolve("model-build").resolve("evaluate.py"));

        AwsFakes.Run run = aws.build();

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("cannot upload evaluate.py for the pipeline: no such file"), run.err());
        assertTrue(aws.sageMaker.requests("StartPipelineExecution").isEmpty());
    }

    @Test
    void buildWithoutAnS3PrefixSaysWhereToSetIt() {
        AwsFakes.write(aws.config, "aws:\n  execution_role: " + AwsFakes.ROLE + "\n");

        AwsFakes.Run run = aws.build();

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("set aws.s3_prefix (s3://bucket/prefix) in mlops.yaml or MLOPS_S3_PREFIX"), run.err());
    }

    static List<String> names(Map<String, Object> result) {
        return steps(result).stream().map(s -> (String) s.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> steps(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("steps");
    }
}
