package dev.mlops.aws.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.Parameter;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStep;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

/** Engine rules beyond the model-build pipeline: parallel steps, DependsOn, Model steps, nested conditions. */
class FakeSageMakerDefinitionTest {
    private static final String DEFINITION = """
            {"Version": "2020-12-01",
             "Parameters": [{"Name": "Mode", "Type": "String", "DefaultValue": "fast"},
                            {"Name": "Threshold", "Type": "Integer"}],
             "Steps": [
              {"Name": "SplitA", "Type": "Processing", "Arguments": {}},
              {"Name": "SplitB", "Type": "Processing", "Arguments": {}},
              {"Name": "CreateModel", "Type": "Model", "DependsOn": ["SplitA", "SplitB"],
               "Arguments": {"ExecutionRoleArn": "arn:aws:iam::123456789012:role/r",
                             "PrimaryContainer": {"Image": "xgboost", "ModelDataUrl": "s3://b/model.tar.gz"}}},
              {"Name": "Check", "Type": "Condition", "DependsOn": ["CreateModel"],
               "Arguments": {
                "Conditions": [{"Type": "ConditionOr", "Conditions": [
                  {"Type": "ConditionEquals", "LeftValue": {"Get": "Parameters.Mode"}, "RightValue": "slow"},
                  {"Type": "Not", "Expression":
                    {"Type": "LessThan", "LeftValue": {"Get": "Parameters.Threshold"}, "RightValue": 5}}]}],
                "IfSteps": [{"Name": "TooHigh", "Type": "Fail",
                             "Arguments": {"ErrorMessage": {"Std:Join": {"On": " ", "Values":
                               ["threshold", {"Get": "Parameters.Threshold"}, "is too high"]}}}}],
                "ElseSteps": []}}]}
            """;

    private FakeSageMaker fake;
    private SageMakerClient client;

    @BeforeEach
    void start() {
        fake = new FakeSageMaker().start();
        client = Clients.sageMaker(fake.endpoint());
        client.createPipeline(b -> b.pipelineName("rules").roleArn(Pipelines.ROLE).pipelineDefinition(DEFINITION));
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void startsIndependentStepsTogetherAndWaitsForAllDependencies() {
        String arn = start("3");

        List<String> starting = stepNames(arn);
        List<String> executing = stepNames(arn);

        assertEquals(List.of("SplitB", "SplitA"), starting);
        assertEquals(List.of("SplitB", "SplitA"), executing);
        assertEquals(List.of("CreateModel", "SplitB", "SplitA"), stepNames(arn));
    }

    @Test
    void recordsTheModelArnOfAModelStep() {
        String arn = start("3");
        Pipelines.pollToEnd(client, arn);

        PipelineExecutionStep model = steps(arn).stream().filter(s -> s.stepName().equals("CreateModel"))
                .findFirst().orElseThrow();

        assertTrue(model.metadata().model().arn().contains(":model/pipelines-"), model.metadata().model().arn());
    }

    @Test
    void takesTheIfBranchWhenANestedConditionHolds() {
        String arn = start("7");

        List<DescribePipelineExecutionResponse> polls = Pipelines.pollToEnd(client, arn);

        assertEquals(PipelineExecutionStatus.FAILED, polls.get(polls.size() - 1).pipelineExecutionStatus());
        assertEquals("threshold 7 is too high", polls.get(polls.size() - 1).failureReason());
    }

    @Test
    void endsSucceededWhenTheElseBranchIsEmpty() {
        String arn = start("3");

        List<DescribePipelineExecutionResponse> polls = Pipelines.pollToEnd(client, arn);

        assertEquals(PipelineExecutionStatus.SUCCEEDED, polls.get(polls.size() - 1).pipelineExecutionStatus());
        assertEquals("False", steps(arn).get(0).metadata().condition().outcomeAsString());
    }

    @Test
    void refusesAMissingParameterWithoutDefaultAndAValueOfTheWrongType() {
        SageMakerException missing = assertThrows(SageMakerException.class, () -> client.startPipelineExecution(
                b -> b.pipelineName("rules").clientRequestToken(Pipelines.token("no-threshold"))));
        SageMakerException wrongType = assertThrows(SageMakerException.class, () -> start("seven"));

        assertTrue(missing.awsErrorDetails().errorMessage().contains("Threshold"));
        assertEquals("ValidationException", wrongType.awsErrorDetails().errorCode());
    }

    private String start(String threshold) {
        return client.startPipelineExecution(b -> b.pipelineName("rules")
                .clientRequestToken(Pipelines.token("threshold-" + threshold))
                .pipelineParameters(Parameter.builder().name("Threshold").value(threshold).build()))
                .pipelineExecutionArn();
    }

    private List<PipelineExecutionStep> steps(String arn) {
        return client.listPipelineExecutionSteps(b -> b.pipelineExecutionArn(arn)).pipelineExecutionSteps();
    }

    private List<String> stepNames(String arn) {
        return steps(arn).stream().map(PipelineExecutionStep::stepName).toList();
    }
}
