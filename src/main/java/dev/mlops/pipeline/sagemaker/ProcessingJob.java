package dev.mlops.pipeline.sagemaker;

import static dev.mlops.pipeline.sagemaker.Expr.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.spec.PipelineSpec.Resources;

/**
 * The parts of a Processing step (a CreateProcessingJob request) that Preprocess and Evaluate
 * share: the script runs with {@code python3} from the code input, every input is copied in
 * before the script starts and every output uploaded when it ends.
 */
final class ProcessingJob {
    /** SageMaker's own default, written out so the definition says what a job may cost. */
    static final int MAX_RUNTIME_SECONDS = 86_400;
    static final int VOLUME_GB = 30;

    /** What runs: the image, the script (a file of the code input) and its arguments. */
    record App(String image, String script, ArrayNode arguments) {
    }

    private ProcessingJob() {
    }

    static ObjectNode step(String name, ObjectNode arguments) {
        ObjectNode step = JSON.objectNode();
        step.put("Name", name);
        step.put("Type", "Processing");
        step.set("Arguments", arguments);
        return step;
    }

    static ObjectNode arguments(Compilation c, App app, ArrayNode inputs, ArrayNode outputs) {
        ObjectNode args = JSON.objectNode();
        args.set("ProcessingResources", resources(c, c.spec().processing()));
        ObjectNode spec = args.putObject("AppSpecification");
        spec.put("ImageUri", app.image());
        spec.putArray("ContainerEntrypoint").add("python3").add(Names.CODE_DIR + "/" + app.script());
        spec.set("ContainerArguments", app.arguments());
        args.put("RoleArn", c.options().executionRole());
        inputs.add(input("code", JSON.textNode(c.options().s3().code() + "/"), Names.CODE_DIR));
        args.set("ProcessingInputs", inputs);
        args.putObject("ProcessingOutputConfig").set("Outputs", outputs);
        args.putObject("StoppingCondition").put("MaxRuntimeInSeconds", MAX_RUNTIME_SECONDS);
        return args;
    }

    /** An S3 prefix copied to {@code localPath}; a single object's key is a prefix of itself. */
    static ObjectNode input(String name, JsonNode s3Uri, String localPath) {
        ObjectNode input = JSON.objectNode();
        input.put("InputName", name);
        ObjectNode s3 = input.putObject("S3Input");
        s3.set("S3Uri", s3Uri);
        s3.put("LocalPath", localPath);
        s3.put("S3DataType", "S3Prefix");
        s3.put("S3InputMode", "File");
        s3.put("S3DataDistributionType", "FullyReplicated");
        s3.put("S3CompressionType", "None");
        return input;
    }

    /** {@code /opt/ml/processing/<name>} uploaded to {@code <artifacts>/<execution id>/<step>/<name>}. */
    static ObjectNode output(Compilation c, String step, String name) {
        ObjectNode output = JSON.objectNode();
        output.put("OutputName", name);
        ObjectNode s3 = output.putObject("S3Output");
        s3.set("S3Uri", c.executionPath(step, name));
        s3.put("LocalPath", Names.outputDir(name));
        s3.put("S3UploadMode", "EndOfJob");
        return output;
    }

    static ArrayNode strings(String... values) {
        ArrayNode array = JSON.arrayNode();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }

    private static ObjectNode resources(Compilation c, Resources resources) {
        ObjectNode cluster = JSON.objectNode();
        cluster.set("InstanceType", c.text(resources.instanceType()));
        cluster.set("InstanceCount", Expr.typed(resources.instanceCount()));
        cluster.put("VolumeSizeInGB", VOLUME_GB);
        ObjectNode node = JSON.objectNode();
        node.set("ClusterConfig", cluster);
        return node;
    }
}
