package dev.mlops.aws.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.ListPipelineExecutionStepsResponse;
import software.amazon.awssdk.services.sagemaker.model.Parameter;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStep;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.StepStatus;

class FakeSageMakerExecutionTest {
    private FakeS3 s3;
    private FakeSageMaker fake;
    private SageMakerClient client;

    @BeforeEach
    void start() {
        s3 = new FakeS3().start();
        fake = new FakeSageMaker(s3).start().evaluationMetrics(Map.of("auc", 0.93, "recall", 0.71));
        client = Clients.sageMaker(fake.endpoint());
        Pipelines.create(client);
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
        s3.close();
    }

    @Test
    void startsOneExecutionPerClientRequestToken() {
        String token = Pipelines.token("build-4f2a9c1");

        String first = startWith(token);
        String second = startWith(token);

        assertEquals(first, second);
        assertEquals(1, client.listPipelineExecutions(b -> b.pipelineName(Pipelines.NAME))
                .pipelineExecutionSummaries().size());
    }

    @Test
    void rejectsATokenShorterThanSageMakerAllows() {
        SageMakerException invalid = assertThrows(SageMakerException.class, () -> startWith("commit-4f2a9c1"));

        assertEquals("ValidationException", invalid.awsErrorDetails().errorCode());
    }

    @Test
    void runsStepsInDependencyOrderAndRegistersAPackage() {
        String arn = startWith(Pipelines.token("build-1"));

        List<DescribePipelineExecutionResponse> polls = Pipelines.pollToEnd(client, arn);
        List<PipelineExecutionStep> steps = client.listPipelineExecutionSteps(b -> b.pipelineExecutionArn(arn))
                .pipelineExecutionSteps();

        assertEquals(PipelineExecutionStatus.SUCCEEDED, polls.get(polls.size() - 1).pipelineExecutionStatus());
        assertEquals(PipelineExecutionStatus.EXECUTING, polls.get(0).pipelineExecutionStatus());
        assertEquals(List.of("Register", "QualityGate", "Evaluate", "Train", "Preprocess"),
                steps.stream().map(PipelineExecutionStep::stepName).toList());
        assertTrue(steps.stream().allMatch(s -> s.stepStatus() == StepStatus.SUCCEEDED));
        assertEquals("True", steps.get(1).metadata().condition().outcomeAsString());
        assertTrue(steps.get(3).metadata().trainingJob().arn().contains(":training-job/pipelines-"));
        DescribeModelPackageResponse registered = client.describeModelPackage(
                b -> b.modelPackageName(steps.get(0).metadata().registerModel().arn()));
        assertEquals("PendingManualApproval", registered.modelApprovalStatusAsString());
        assertEquals(1, registered.modelPackageVersion());
        assertEquals(Pipelines.GROUP, registered.modelPackageGroupName());
    }

    @Test
    void showsEachStepStartingThenExecutingThenSucceeded() {
        String arn = startWith(Pipelines.token("build-2"));
        Set<String> preprocessStates = new LinkedHashSet<>();

        for (int i = 0; i < 3; i++) {
            ListPipelineExecutionStepsResponse page = client.listPipelineExecutionSteps(b -> b.pipelineExecutionArn(arn)
                    .sortOrder("Ascending"));
            preprocessStates.add(page.pipelineExecutionSteps().get(0).stepStatusAsString());
        }

        assertEquals(List.of("Starting", "Executing", "Succeeded"), new ArrayList<>(preprocessStates));
        assertEquals("Train", client.listPipelineExecutionSteps(b -> b.pipelineExecutionArn(arn))
                .pipelineExecutionSteps().get(0).stepName());
    }

    @Test
    void writesTheEvaluationReportWhereTheDefinitionSaysAndLinksItFromThePackage() {
        String arn = startWith(Pipelines.token("build-3"));
        Pipelines.pollToEnd(client, arn);
        String executionId = arn.substring(arn.lastIndexOf('/') + 1);

        JsonNode report = Json.parse(s3.getObjectAsString("mlops-artifacts",
                "end-to-end-ml/" + executionId + "/evaluation/evaluation.json").orElseThrow());
        String packageArn = client.listModelPackages(b -> b.modelPackageGroupName(Pipelines.GROUP))
                .modelPackageSummaryList().get(0).modelPackageArn();
        DescribeModelPackageResponse pkg = client.describeModelPackage(b -> b.modelPackageName(packageArn));

        assertEquals(0.93, report.at("/binary_classification_metrics/auc/value").asDouble());
        assertEquals("s3://mlops-artifacts/end-to-end-ml/" + executionId + "/evaluation/evaluation.json",
                pkg.modelMetrics().modelQuality().statistics().s3Uri());
        assertEquals("s3://mlops-artifacts/end-to-end-ml/models/pipelines-" + executionId + "-Train/output/model.tar.gz",
                pkg.inferenceSpecification().containers().get(1).modelDataUrl());
    }

    @Test
    void registersWithTheApprovalStatusGivenAsParameter() {
        String arn = client.startPipelineExecution(b -> b.pipelineName(Pipelines.NAME)
                .clientRequestToken(Pipelines.token("build-approved"))
                .pipelineParameters(Parameter.builder().name("ModelApprovalStatus").value("Approved").build()))
                .pipelineExecutionArn();

        Pipelines.pollToEnd(client, arn);

        assertEquals("Approved", client.listModelPackages(b -> b.modelPackageGroupName(Pipelines.GROUP))
                .modelPackageSummaryList().get(0).modelApprovalStatusAsString());
    }

    @Test
    void failsAtTheQualityGateWithTheFailStepMessage() {
        fake.evaluationMetrics(Map.of("auc", 0.61));
        String arn = startWith(Pipelines.token("build-weak"));

        List<DescribePipelineExecutionResponse> polls = Pipelines.pollToEnd(client, arn);
        List<PipelineExecutionStep> steps = client.listPipelineExecutionSteps(b -> b.pipelineExecutionArn(arn))
                .pipelineExecutionSteps();

        DescribePipelineExecutionResponse last = polls.get(polls.size() - 1);
        assertEquals(PipelineExecutionStatus.FAILED, last.pipelineExecutionStatus());
        assertEquals("Evaluation AUC is below the threshold 0.7", last.failureReason());
        assertEquals("GateFailed", steps.get(0).stepName());
        assertEquals("False", steps.get(1).metadata().condition().outcomeAsString());
        assertTrue(client.listModelPackageGroups(b -> b.nameContains("end-to-end")).modelPackageGroupSummaryList()
                .isEmpty());
    }

    @Test
    void surfacesTheFailureReasonOfAFailingStep() {
        fake.failStep("Train", "AlgorithmError: framework error: XGBoostError: out of memory");
        String arn = startWith(Pipelines.token("build-oom"));

        List<DescribePipelineExecutionResponse> polls = Pipelines.pollToEnd(client, arn);
        List<PipelineExecutionStep> steps = client.listPipelineExecutionSteps(b -> b.pipelineExecutionArn(arn))
                .pipelineExecutionSteps();

        assertEquals(PipelineExecutionStatus.FAILED, polls.get(polls.size() - 1).pipelineExecutionStatus());
        assertEquals(List.of("Train", "Preprocess"), steps.stream().map(PipelineExecutionStep::stepName).toList());
        assertEquals(StepStatus.FAILED, steps.get(0).stepStatus());
        assertEquals("AlgorithmError: framework error: XGBoostError: out of memory", steps.get(0).failureReason());
        assertEquals(Execution.STEP_FAILURE, polls.get(polls.size() - 1).failureReason());
    }

    @Test
    void stopsThroughStoppingToStopped() {
        String arn = startWith(Pipelines.token("build-stop"));
        fake.advance().advance();

        client.stopPipelineExecution(b -> b.pipelineExecutionArn(arn).clientRequestToken(Pipelines.token("stop-1")));
        DescribePipelineExecutionResponse stopping = client.describePipelineExecution(b -> b.pipelineExecutionArn(arn));
        List<PipelineExecutionStep> steps = client.listPipelineExecutionSteps(b -> b.pipelineExecutionArn(arn))
                .pipelineExecutionSteps();
        client.stopPipelineExecution(b -> b.pipelineExecutionArn(arn).clientRequestToken(Pipelines.token("stop-1")));

        assertEquals(PipelineExecutionStatus.STOPPING, stopping.pipelineExecutionStatus());
        assertEquals(List.of("Train", "Preprocess"), steps.stream().map(PipelineExecutionStep::stepName).toList());
        assertEquals(StepStatus.STOPPED, steps.get(0).stepStatus());
        assertEquals(PipelineExecutionStatus.STOPPED,
                client.describePipelineExecution(b -> b.pipelineExecutionArn(arn)).pipelineExecutionStatus());
    }

    @Test
    void pagesThroughStepsNewestFirst() {
        String arn = startWith(Pipelines.token("build-pages"));
        Pipelines.pollToEnd(client, arn);

        List<String> names = client.listPipelineExecutionStepsPaginator(b -> b.pipelineExecutionArn(arn).maxResults(2))
                .pipelineExecutionSteps().stream().map(PipelineExecutionStep::stepName).toList();

        assertEquals(List.of("Register", "QualityGate", "Evaluate", "Train", "Preprocess"), names);
        assertEquals(3, fake.requests("ListPipelineExecutionSteps").size());
    }

    @Test
    void rejectsParametersTheDefinitionDoesNotDeclare() {
        SageMakerException invalid = assertThrows(SageMakerException.class, () ->
                client.startPipelineExecution(b -> b.pipelineName(Pipelines.NAME)
                        .clientRequestToken(Pipelines.token("build-typo"))
                        .pipelineParameters(Parameter.builder().name("MinAUC").value("0.9").build())));

        assertEquals("ValidationException", invalid.awsErrorDetails().errorCode());
        assertTrue(invalid.getMessage().contains("MinAUC"), invalid.getMessage());
    }

    @Test
    void advancesOneStepPerTickWhenTheTestDrivesTheClock() {
        fake.ticksPerStep(1);
        String arn = startWith(Pipelines.token("build-ticks"));
        for (int i = 0; i < 4; i++) {
            fake.advance();
        }

        DescribePipelineExecutionResponse beforeLastTick = client.describePipelineExecution(
                b -> b.pipelineExecutionArn(arn));
        DescribePipelineExecutionResponse afterLastTick = client.describePipelineExecution(
                b -> b.pipelineExecutionArn(arn));

        assertEquals(PipelineExecutionStatus.EXECUTING, beforeLastTick.pipelineExecutionStatus());
        assertEquals(PipelineExecutionStatus.SUCCEEDED, afterLastTick.pipelineExecutionStatus());
    }

    private String startWith(String token) {
        return client.startPipelineExecution(b -> b.pipelineName(Pipelines.NAME).clientRequestToken(token)
                .pipelineExecutionDisplayName("commit-4f2a9c1")).pipelineExecutionArn();
    }
}
