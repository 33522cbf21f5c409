package dev.mlops.pipeline.sagemaker;

import static dev.mlops.pipeline.sagemaker.Definitions.compile;
import static dev.mlops.pipeline.sagemaker.Definitions.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineCompilerTest {
    private static final String EXECUTION_ID = "{\"Get\":\"Execution.PipelineExecutionId\"}";

    @Test
    void compilesTheShippedSpecIntoTheLocalBackendsSteps() {
        JsonNode definition = compile(Definitions.shipped());
        assertEquals("2020-12-01", definition.path("Version").asText());
        assertTrue(definition.path("Metadata").isObject() && definition.path("Metadata").isEmpty());
        List<String> top = new ArrayList<>();
        definition.path("Steps").forEach(s -> top.add(s.path("Name").asText() + ":" + s.path("Type").asText()));
        assertEquals(List.of("Preprocess:Processing", "Train:Training", "Evaluate:Processing", "QualityGate:Condition"), top);
        JsonNode gate = step(definition, "QualityGate").path("Arguments");
        assertEquals("Register", gate.path("IfSteps").get(0).path("Name").asText());
        assertEquals("RegisterModel", gate.path("IfSteps").get(0).path("Type").asText());
        assertEquals("GateFailed", gate.path("ElseSteps").get(0).path("Name").asText());
        assertEquals("Fail", gate.path("ElseSteps").get(0).path("Type").asText());
        assertEquals(List.of("Preprocess", "Train", "Evaluate", "QualityGate", "Register", "GateFailed"),
                PipelineCompiler.definition(Definitions.shipped(), Definitions.options()).steps());
    }

    @Test
    void declaresEveryParameterWithItsTypeAndDefault() {
        JsonNode parameters = compile(Definitions.shipped()).path("Parameters");
        assertEquals(17, parameters.size());
        assertEquals("{\"Name\":\"input_data\",\"Type\":\"String\",\"DefaultValue\":\"generated://ai4i?rows=10000&seed=42\"}",
                parameters.get(0).toString());
        assertEquals("{\"Name\":\"train_ratio\",\"Type\":\"Float\",\"DefaultValue\":0.6}", parameters.get(1).toString());
        assertEquals("{\"Name\":\"max_depth\",\"Type\":\"Integer\",\"DefaultValue\":5}", parameters.get(4).toString());
        assertEquals("{\"Name\":\"gamma\",\"Type\":\"Float\",\"DefaultValue\":0.0}", parameters.get(6).toString());
        JsonNode flag = compile(Definitions.variant("  min_auc:", "  verbose: {type: Boolean, default: true}\n  min_auc:"))
                .path("Parameters").get(11);
        assertEquals("{\"Name\":\"verbose\",\"Type\":\"Boolean\",\"DefaultValue\":true}", flag.toString());
    }

    @Test
    void everyReferenceNamesADeclaredParameterOrAnEarlierStepsOutput() {
        JsonNode definition = compile(Definitions.shipped());
        assertEquals(List.of(), ReferenceCheck.problems(definition));
        List<String> gets = ReferenceCheck.gets(definition.path("Steps"));
        assertTrue(gets.contains("Parameters.input_data") && gets.contains("Steps.Train.ModelArtifacts.S3ModelArtifacts")
                && gets.contains("Steps.Evaluate.PropertyFiles.EvaluationReport"), gets.toString());
        ((ObjectNode) definition.path("Parameters").get(0)).put("Name", "renamed");
        assertEquals(List.of("Preprocess: Parameters.input_data: no such parameter"), ReferenceCheck.problems(definition),
                "the check itself must catch a dangling reference");
    }

    @Test
    void bindsHyperparametersToParametersAsText() {
        JsonNode hyperparameters = step(compile(Definitions.shipped()), "Train").path("Arguments").path("HyperParameters");
        assertEquals("{\"Std:Join\":{\"On\":\"\",\"Values\":[{\"Get\":\"Parameters.max_depth\"}]}}",
                hyperparameters.path("max_depth").toString());
        assertEquals("{\"Std:Join\":{\"On\":\"\",\"Values\":[{\"Get\":\"Parameters.eta\"}]}}", hyperparameters.path("eta").toString());
        assertEquals("binary:logistic", hyperparameters.path("objective").asText());
        assertEquals("exact", hyperparameters.path("tree_method").asText());
        assertEquals("0.5", hyperparameters.path("base_score").asText());
        assertEquals("0", hyperparameters.path("seed").asText());
        List<String> names = new ArrayList<>();
        hyperparameters.fieldNames().forEachRemaining(names::add);
        assertEquals(List.of("objective", "max_depth", "eta", "gamma", "min_child_weight", "num_round", "eval_metric",
                "tree_method", "base_score", "seed", "early_stopping_rounds", "scale_pos_weight"), names);
        assertEquals("{\"Std:Join\":{\"On\":\"\",\"Values\":[{\"Get\":\"Parameters.early_stopping_rounds\"}]}}",
                hyperparameters.path("early_stopping_rounds").toString(), "SageMaker's XGBoost stops on the validation channel");
        hyperparameters.forEach(v -> assertTrue(v.isTextual() || v.has("Std:Join"), "SageMaker takes text only: " + v));
        JsonNode literal = step(compile(Definitions.variant("eta: ${eta}", "eta: 0.30")), "Train");
        assertEquals("0.3", literal.path("Arguments").path("HyperParameters").path("eta").asText());
    }

    @Test
    void trainsOnPreprocessOutputsAsHeaderlessCsvChannels() {
        JsonNode train = step(compile(Definitions.shipped()), "Train").path("Arguments");
        assertEquals("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
                train.path("AlgorithmSpecification").path("TrainingImage").asText());
        assertEquals("File", train.path("AlgorithmSpecification").path("TrainingInputMode").asText());
        JsonNode channels = train.path("InputDataConfig");
        assertEquals("train", channels.get(0).path("ChannelName").asText());
        assertEquals("text/csv", channels.get(0).path("ContentType").asText());
        assertEquals("Steps.Preprocess.ProcessingOutputConfig.Outputs['train'].S3Output.S3Uri",
                channels.get(0).path("DataSource").path("S3DataSource").path("S3Uri").path("Get").asText());
        assertEquals("Steps.Preprocess.ProcessingOutputConfig.Outputs['validation'].S3Output.S3Uri",
                channels.get(1).path("DataSource").path("S3DataSource").path("S3Uri").path("Get").asText());
        assertEquals(Definitions.ROLE, train.path("RoleArn").asText());
        assertEquals("Parameters.training_instance_type", train.path("ResourceConfig").path("InstanceType").path("Get").asText());
        assertEquals(1, train.path("ResourceConfig").path("InstanceCount").asInt());
        assertEquals("{\"Std:Join\":{\"On\":\"/\",\"Values\":[\"" + Definitions.PREFIX + "\"," + EXECUTION_ID + ",\"Train\",\"model\"]}}",
                train.path("OutputDataConfig").path("S3OutputPath").toString());
        JsonNode noValidation = step(compile(Definitions.variant("validation: ${validation_ratio}", "validation: 0",
                "train: ${train_ratio}", "train: 0.9")), "Train");
        assertEquals(1, noValidation.path("Arguments").path("InputDataConfig").size(), "an empty channel fails XGBoost");
    }

    @Test
    void workshopSpecPassesTheSklearnSplitAndEvaluatesTheValidationSplit() {
        JsonNode definition = compile(dev.mlops.spec.PipelineSpecParser.read(java.nio.file.Path.of("pipelines", "workshop.yaml")));
        JsonNode a = step(definition, "Preprocess").path("Arguments").path("AppSpecification").path("ContainerArguments");
        assertEquals("--split-method", a.get(8).asText());
        assertEquals("sklearn", a.get(9).asText());
        assertTrue(step(definition, "Evaluate").toString().contains("validation"), "Evaluate reads the validation split");
    }

    @Test
    void preprocessesWithTheSplitParametersAndTheFeatureFile() {
        JsonNode args = step(compile(Definitions.shipped()), "Preprocess").path("Arguments");
        JsonNode app = args.path("AppSpecification");
        assertEquals("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", app.path("ImageUri").asText());
        assertEquals("[\"python3\",\"/opt/ml/processing/input/code/preprocess.py\"]", app.path("ContainerEntrypoint").toString());
        JsonNode a = app.path("ContainerArguments");
        assertEquals(List.of("--input-data", "--train-ratio", "--validation-ratio", "--test-ratio", "--split-method",
                "--split-seed", "--stratify", "--features", "--train-dir", "--validation-dir", "--test-dir", "--model-dir"), flags(a));
        for (int i = 16; i < 24; i += 2) {
            String output = a.get(i).asText().replaceAll("^--|-dir$", "");
            assertEquals("/opt/ml/processing/" + output, a.get(i + 1).asText(), "the folder SageMaker uploads as " + output);
        }
        assertEquals("/opt/ml/processing/input/data", a.get(1).asText());
        assertEquals("{\"Std:Join\":{\"On\":\"\",\"Values\":[{\"Get\":\"Parameters.train_ratio\"}]}}", a.get(3).toString());
        assertEquals("portable", a.get(9).asText());
        assertEquals("0", a.get(11).asText());
        assertEquals("true", a.get(13).asText());
        assertEquals("/opt/ml/processing/input/code/features.json", a.get(15).asText());
        a.forEach(v -> assertTrue(!v.isTextual() || v.asText().length() <= 256, "SageMaker caps an argument at 256: " + v));
        assertEquals("Parameters.input_data", args.path("ProcessingInputs").get(0).path("S3Input").path("S3Uri").path("Get").asText());
        assertEquals(Definitions.PREFIX + "/code/", args.path("ProcessingInputs").get(1).path("S3Input").path("S3Uri").asText());
        List<String> outputs = new ArrayList<>();
        args.path("ProcessingOutputConfig").path("Outputs").forEach(o -> outputs.add(o.path("OutputName").asText()
                + "@" + o.path("S3Output").path("LocalPath").asText()));
        assertEquals(List.of("train@/opt/ml/processing/train", "validation@/opt/ml/processing/validation",
                "test@/opt/ml/processing/test", "model@/opt/ml/processing/model"), outputs);
        assertEquals("{\"Std:Join\":{\"On\":\"/\",\"Values\":[\"" + Definitions.PREFIX + "\"," + EXECUTION_ID + ",\"Preprocess\",\"test\"]}}",
                args.path("ProcessingOutputConfig").path("Outputs").get(2).path("S3Output").path("S3Uri").toString());
        assertEquals("{\"InstanceType\":{\"Get\":\"Parameters.processing_instance_type\"},\"InstanceCount\":"
                + "{\"Get\":\"Parameters.processing_instance_count\"},\"VolumeSizeInGB\":30}",
                args.path("ProcessingResources").path("ClusterConfig").toString());
        assertEquals(Definitions.ROLE, args.path("RoleArn").asText());
    }

    @Test
    void evaluatesTheHeldOutSplitAndExposesTheReportAsAPropertyFile() {
        JsonNode evaluate = step(compile(Definitions.shipped()), "Evaluate");
        JsonNode args = evaluate.path("Arguments");
        assertEquals("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", args.path("AppSpecification").path("ImageUri").asText());
        assertEquals("[\"--model-dir\",\"/opt/ml/processing/model\",\"--test-dir\",\"/opt/ml/processing/test\",\"--output-dir\","
                + "\"/opt/ml/processing/evaluation\",\"--decision-dir\",\"/opt/ml/processing/decision\",\"--threshold-rule\","
                + "\"max_f1\",\"--validation-dir\",\"/opt/ml/processing/validation\"]",
                args.path("AppSpecification").path("ContainerArguments").toString());
        assertEquals("Steps.Train.ModelArtifacts.S3ModelArtifacts", args.path("ProcessingInputs").get(0).path("S3Input").path("S3Uri").path("Get").asText());
        assertEquals("Steps.Preprocess.ProcessingOutputConfig.Outputs['test'].S3Output.S3Uri",
                args.path("ProcessingInputs").get(1).path("S3Input").path("S3Uri").path("Get").asText());
        assertEquals("Steps.Preprocess.ProcessingOutputConfig.Outputs['validation'].S3Output.S3Uri",
                args.path("ProcessingInputs").get(2).path("S3Input").path("S3Uri").path("Get").asText(), "the threshold rule's rows");
        assertEquals("decision", args.path("ProcessingOutputConfig").path("Outputs").get(1).path("OutputName").asText());
        assertEquals("{\"PropertyFileName\":\"EvaluationReport\",\"OutputName\":\"evaluation\",\"FilePath\":\"evaluation.json\"}",
                evaluate.path("PropertyFiles").get(0).toString());
        JsonNode onValidation = step(compile(Definitions.variant("  split: test\n  threshold: {rule: max_f1}",
                "  split: validation\n  threshold: 0.4")), "Evaluate");
        assertEquals("Steps.Preprocess.ProcessingOutputConfig.Outputs['validation'].S3Output.S3Uri",
                onValidation.path("Arguments").path("ProcessingInputs").get(1).path("S3Input").path("S3Uri").path("Get").asText());
        assertTrue(onValidation.path("Arguments").path("AppSpecification").path("ContainerArguments").toString()
                .endsWith("\"--threshold\",\"0.4\"]"), "a fixed threshold is passed as it is");
        JsonNode precise = step(compile(Definitions.variant("{rule: max_f1}", "{rule: min_precision, precision: 0.9}")), "Evaluate");
        assertTrue(precise.path("Arguments").path("AppSpecification").path("ContainerArguments").toString()
                .endsWith("\"--min-precision\",\"0.9\"]"), precise.toString());
    }

    @Test
    void gatesOnTheEvaluationReportAndFailsWithTheGatesReason() {
        JsonNode definition = compile(Definitions.shipped());
        JsonNode conditions = step(definition, "QualityGate").path("Arguments").path("Conditions");
        assertEquals(List.of("predicted_positives >= 1", "predicted_negatives >= 1", "decision_threshold >= 1",
                "auc >= {\"Get\":\"Parameters.min_auc\"}", "recall >= {\"Get\":\"Parameters.min_recall\"}",
                "f1 >= {\"Get\":\"Parameters.min_f1\"}"), describe(conditions));
        assertEquals("decision_threshold.satisfied", conditions.get(2).path("LeftValue").path("Std:JsonGet").path("Path").asText(),
                "a rule no threshold satisfies fails the gate");
        JsonNode auc = conditions.get(3);
        assertEquals("{\"Std:JsonGet\":{\"PropertyFile\":{\"Get\":\"Steps.Evaluate.PropertyFiles.EvaluationReport\"},"
                + "\"Path\":\"binary_classification_metrics.auc.value\"}}", auc.path("LeftValue").toString());
        assertEquals("{\"Std:Join\":{\"On\":\" \",\"Values\":[\"quality gate failed:\",\"the model must predict both classes"
                + " (predicted_positives >= 1 and predicted_negatives >= 1)\",\"and the threshold rule max_f1 must be satisfied"
                + " on the validation split (decision_threshold.satisfied >= 1)\",\"and\",\"auc must be >=\",{\"Get\":"
                + "\"Parameters.min_auc\"},\"and\",\"recall must be >=\",{\"Get\":\"Parameters.min_recall\"},\"and\","
                + "\"f1 must be >=\",{\"Get\":\"Parameters.min_f1\"},\"on the test split (see Evaluate's evaluation.json)\"]}}",
                step(definition, "GateFailed").path("Arguments").path("ErrorMessage").toString());
        JsonNode two = compile(Definitions.variant("      min: ${min_auc}", "      min: 0.75\n    - metric: recall\n      max: 0.99\n"
                + "    - metric: false_positives\n      max: 20"));
        JsonNode bounded = step(two, "QualityGate").path("Arguments").path("Conditions");
        assertEquals(List.of("predicted_positives >= 1", "predicted_negatives >= 1", "decision_threshold >= 1", "auc >= 0.75",
                "recall <= 0.99",
                "false_positives <= 20.0", "recall >= {\"Get\":\"Parameters.min_recall\"}", "f1 >= {\"Get\":\"Parameters.min_f1\"}"),
                describe(bounded));
        assertEquals("LessThanOrEqualTo", bounded.get(4).path("Type").asText());
        assertTrue(step(two, "GateFailed").path("Arguments").path("ErrorMessage").path("Std:Join").path("Values").toString()
                .contains("\"and\",\"recall must be <=\",\"0.99\",\"and\",\"false_positives must be <=\",\"20\""));
    }

    /** Each condition as "metric OP bound", the metric being the last-but-one segment of the JsonGet path. */
    private static List<String> describe(JsonNode conditions) {
        List<String> described = new ArrayList<>();
        conditions.forEach(c -> {
            String[] path = c.path("LeftValue").path("Std:JsonGet").path("Path").asText().split("\\.");
            String op = c.path("Type").asText().equals("GreaterThanOrEqualTo") ? ">=" : "<=";
            JsonNode right = c.path("RightValue");
            described.add(path[path.length - 2] + " " + op + " " + (right.isObject() ? right.toString() : right.asText()));
        });
        return described;
    }

    @Test
    void registersTheInferencePipelinePendingApprovalWithTheMetrics() {
        JsonNode args = step(compile(Definitions.shipped()), "Register").path("Arguments");
        assertEquals("end-to-end-ml-sm-model-package-group", args.path("ModelPackageGroupName").asText());
        assertEquals("\"PendingManualApproval\"", args.path("ModelApprovalStatus").toString(), "a literal: no parameter approves");
        assertTrue(args.path("CustomerMetadataProperties").isMissingNode());
        JsonNode inference = args.path("InferenceSpecification");
        JsonNode featurizer = inference.path("Containers").get(0);
        assertEquals("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3", featurizer.path("Image").asText());
        assertEquals("{\"SAGEMAKER_PROGRAM\":\"inference.py\",\"SAGEMAKER_SUBMIT_DIRECTORY\":\"/opt/ml/model/code\","
                + "\"SAGEMAKER_CONTAINER_LOG_LEVEL\":\"20\",\"SAGEMAKER_REGION\":\"us-east-1\","
                + "\"SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT\":\"application/json\"}", featurizer.path("Environment").toString());
        assertEquals("{\"Std:Join\":{\"On\":\"/\",\"Values\":[{\"Get\":\"Steps.Preprocess.ProcessingOutputConfig.Outputs['model']"
                + ".S3Output.S3Uri\"},\"model.tar.gz\"]}}", featurizer.path("ModelDataUrl").toString());
        JsonNode model = inference.path("Containers").get(1);
        assertEquals("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", model.path("Image").asText());
        assertEquals("Steps.Train.ModelArtifacts.S3ModelArtifacts", model.path("ModelDataUrl").path("Get").asText());
        assertEquals("{\"SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT\":\"application/json\"}", model.path("Environment").toString());
        JsonNode decision = inference.path("Containers").get(2);
        assertEquals(featurizer.path("Image"), decision.path("Image"), "inference.py labels on the scikit-learn image");
        assertEquals("inference.py", decision.path("Environment").path("SAGEMAKER_PROGRAM").asText());
        assertFalse(decision.path("Environment").has("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT"), "the client's Accept decides");
        assertEquals("{\"Std:Join\":{\"On\":\"/\",\"Values\":[{\"Get\":\"Steps.Evaluate.ProcessingOutputConfig.Outputs['decision']"
                + ".S3Output.S3Uri\"},\"model.tar.gz\"]}}", decision.path("ModelDataUrl").toString());
        assertEquals("[\"text/csv\"]", inference.path("SupportedContentTypes").toString());
        assertEquals("[\"application/json\",\"text/csv\"]", inference.path("SupportedResponseMIMETypes").toString());
        assertEquals("{\"ContentType\":\"application/json\",\"S3Uri\":{\"Std:Join\":{\"On\":\"/\",\"Values\":[{\"Get\":"
                + "\"Steps.Evaluate.ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri\"},\"evaluation.json\"]}}}",
                args.path("ModelMetrics").path("ModelQuality").path("Statistics").toString());
    }

    @Test
    void autoApprovingSpecRegistersApprovedAndSaysWhoDecidedAndWhy() {
        JsonNode args = step(compile(Definitions.autoApproving()), "Register").path("Arguments");
        assertEquals("Approved", args.path("ModelApprovalStatus").asText());
        assertEquals("{\"mlops:approved-by\":\"variant.yaml registration.auto_approve\","
                + "\"mlops:approval-reason\":\"dev group: every build goes to the dev endpoint\"}",
                args.path("CustomerMetadataProperties").toString());
    }

    @Test
    void aSpecWithoutConditionsStillGatesOnASingleClassModel() {
        JsonNode definition = compile(Definitions.variant("  quality_gate:\n    - metric: auc\n      min: ${min_auc}\n"
                + "    - metric: recall\n      min: ${min_recall}\n    - metric: f1\n      min: ${min_f1}\n", ""));
        List<String> top = new ArrayList<>();
        definition.path("Steps").forEach(s -> top.add(s.path("Name").asText()));
        assertEquals(List.of("Preprocess", "Train", "Evaluate", "QualityGate"), top);
        assertEquals(List.of("predicted_positives >= 1", "predicted_negatives >= 1", "decision_threshold >= 1"),
                describe(step(definition, "QualityGate").path("Arguments").path("Conditions")));
        assertEquals(List.of(), ReferenceCheck.problems(definition));
    }

    private static List<String> flags(JsonNode arguments) {
        List<String> flags = new ArrayList<>();
        arguments.forEach(a -> {
            if (a.isTextual() && a.asText().startsWith("--")) {
                flags.add(a.asText());
            }
        });
        return flags;
    }
}
