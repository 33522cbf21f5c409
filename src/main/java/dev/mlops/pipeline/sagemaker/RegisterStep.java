package dev.mlops.pipeline.sagemaker;

import static dev.mlops.pipeline.sagemaker.Expr.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.spec.PipelineSpec.Registration;
import java.util.List;

/**
 * The Register step (a CreateModelPackage request) for the inference pipeline: container 1 is
 * the featurizer on the scikit-learn image, container 2 the XGBoost model, container 3 the
 * decision (inference.py again, with Evaluate's {@code decision.json}): it adds
 * {@code predicted_label} with the threshold the build chose, which the XGBoost container alone
 * would set at 0.5. The evaluation report becomes the package's model-quality metrics. The package is registered PendingManualApproval
 * unless the spec auto-approves (see {@link dev.mlops.spec.PipelineSpec.AutoApproval}).
 *
 * <p>The featurizer's model data is {@code model.tar.gz} in Preprocess's {@code model} output,
 * which preprocess.py writes with {@code featurizer.json} and {@code code/inference.py} inside.
 * With {@code SAGEMAKER_SUBMIT_DIRECTORY=/opt/ml/model/code} the serving container imports
 * inference.py from the model itself (the SageMaker SDK's layout for repacked models), so a
 * package carries its own serving code and no later upload can change what an approved package
 * serves.
 */
final class RegisterStep {
    /** Where the registry says the package may run; the workshop's choices plus one larger size. */
    static final List<String> REALTIME_INSTANCE_TYPES = List.of("ml.t2.medium", "ml.m5.large", "ml.m5.xlarge");
    static final List<String> TRANSFORM_INSTANCE_TYPES = List.of("ml.m5.large", "ml.m5.xlarge");

    private RegisterStep() {
    }

    static ObjectNode emit(Compilation c) {
        Registration registration = c.spec().registration();
        ObjectNode args = JSON.objectNode();
        args.set("ModelPackageGroupName", c.text(registration.modelPackageGroup()));
        ObjectNode inference = args.putObject("InferenceSpecification");
        ArrayNode containers = inference.putArray("Containers");
        containers.add(featurizer(c));
        ObjectNode model = containers.addObject();
        model.put("Image", c.xgboostImage());
        // the decision container reads the scores as JSON, whatever Accept the client sent
        model.putObject("Environment").put("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", "application/json");
        model.set("ModelDataUrl", Expr.modelArtifacts(Names.TRAIN));
        containers.add(sklearnScript(c, Expr.join("/", Expr.processingOutput(Names.EVALUATE, Names.DECISION),
                JSON.textNode(Names.FEATURIZER_ARCHIVE)), false));
        registration.contentTypes().forEach(inference.putArray("SupportedContentTypes")::add);
        registration.responseTypes().forEach(inference.putArray("SupportedResponseMIMETypes")::add);
        REALTIME_INSTANCE_TYPES.forEach(inference.putArray("SupportedRealtimeInferenceInstanceTypes")::add);
        TRANSFORM_INSTANCE_TYPES.forEach(inference.putArray("SupportedTransformInstanceTypes")::add);
        // A literal, never a parameter: whoever starts an execution cannot approve its model. Only the
        // spec's auto_approve registers Approved, and the package then says who decided and why.
        args.put("ModelApprovalStatus", registration.approvalStatus());
        registration.autoApprove().ifPresent(auto -> {
            ObjectNode metadata = args.putObject("CustomerMetadataProperties");
            metadata.put(PipelineCompiler.APPROVED_BY, auto.by());
            metadata.put(PipelineCompiler.APPROVAL_REASON, auto.reason());
        });
        ObjectNode statistics = args.putObject("ModelMetrics").putObject("ModelQuality").putObject("Statistics");
        statistics.put("ContentType", "application/json");
        statistics.set("S3Uri", Expr.join("/", Expr.processingOutput(Names.EVALUATE, Names.EVALUATION),
                JSON.textNode(Names.EVALUATION_FILE)));
        ObjectNode step = JSON.objectNode();
        step.put("Name", Names.REGISTER);
        step.put("Type", "RegisterModel");
        step.set("Arguments", args);
        return step;
    }

    private static ObjectNode featurizer(Compilation c) {
        return sklearnScript(c, Expr.join("/", Expr.processingOutput(Names.PREPROCESS, Names.FEATURIZER),
                JSON.textNode(Names.FEATURIZER_ARCHIVE)), true);
    }

    /** inference.py on the scikit-learn image, serving the archive at {@code modelData} (which carries the script). */
    private static ObjectNode sklearnScript(Compilation c, ObjectNode modelData, boolean first) {
        ObjectNode container = JSON.objectNode();
        container.put("Image", c.sklearnImage());
        ObjectNode environment = container.putObject("Environment");
        environment.put("SAGEMAKER_PROGRAM", Names.INFERENCE_SCRIPT);
        environment.put("SAGEMAKER_SUBMIT_DIRECTORY", "/opt/ml/model/code");
        environment.put("SAGEMAKER_CONTAINER_LOG_LEVEL", "20");
        environment.put("SAGEMAKER_REGION", c.options().region());
        if (first) {
            // hand the XGBoost container JSON instances whatever Accept the client sent
            environment.put("SAGEMAKER_DEFAULT_INVOCATIONS_ACCEPT", "application/json");
        }
        container.set("ModelDataUrl", modelData);
        return container;
    }
}
