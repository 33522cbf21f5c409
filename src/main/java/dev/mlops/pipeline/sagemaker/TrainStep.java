package dev.mlops.pipeline.sagemaker;

import static dev.mlops.pipeline.sagemaker.Expr.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.spec.PipelineSpec;
import dev.mlops.spec.Value;

/**
 * The Train step: the built-in XGBoost algorithm (a CreateTrainingJob request) on Preprocess's
 * train and validation CSVs. Hyperparameters are text, as SageMaker requires; those bound to a
 * pipeline parameter follow it. SageMaker writes the model to
 * {@code <S3OutputPath>/<job name>/output/model.tar.gz}, unique per job.
 */
final class TrainStep {
    private TrainStep() {
    }

    static ObjectNode emit(Compilation c) {
        PipelineSpec.Training training = c.spec().training();
        ObjectNode args = JSON.objectNode();
        ObjectNode algorithm = args.putObject("AlgorithmSpecification");
        algorithm.put("TrainingImage", c.xgboostImage());
        algorithm.put("TrainingInputMode", "File");
        args.putObject("OutputDataConfig").set("S3OutputPath", c.executionPath(Names.TRAIN, "model"));
        args.putObject("StoppingCondition").put("MaxRuntimeInSeconds", ProcessingJob.MAX_RUNTIME_SECONDS);
        ObjectNode resources = args.putObject("ResourceConfig");
        resources.set("InstanceType", c.text(training.resources().instanceType()));
        resources.set("InstanceCount", Expr.typed(training.resources().instanceCount()));
        resources.put("VolumeSizeInGB", ProcessingJob.VOLUME_GB);
        args.put("RoleArn", c.options().executionRole());
        ArrayNode channels = args.putArray("InputDataConfig");
        channels.add(channel(Names.TRAIN_SPLIT));
        if (hasValidation(c.spec())) {
            channels.add(channel(Names.VALIDATION_SPLIT));
        }
        ObjectNode hyperparameters = args.putObject("HyperParameters");
        training.hyperparameters().forEach((name, value) -> hyperparameters.set(name, c.text(value)));
        ObjectNode step = JSON.objectNode();
        step.put("Name", Names.TRAIN);
        step.put("Type", "Training");
        step.set("Arguments", args);
        return step;
    }

    /** A literal validation ratio of 0 leaves the split empty, and XGBoost rejects an empty channel. */
    private static boolean hasValidation(PipelineSpec spec) {
        Value<Double> validation = spec.split().validation();
        return validation.isParameter() || validation.literal().orElseThrow() > 0;
    }

    private static ObjectNode channel(String split) {
        ObjectNode channel = JSON.objectNode();
        channel.put("ChannelName", split);
        ObjectNode source = channel.putObject("DataSource").putObject("S3DataSource");
        source.put("S3DataType", "S3Prefix");
        source.set("S3Uri", Expr.processingOutput(Names.PREPROCESS, split));
        source.put("S3DataDistributionType", "FullyReplicated");
        channel.put("ContentType", "text/csv");
        return channel;
    }
}
