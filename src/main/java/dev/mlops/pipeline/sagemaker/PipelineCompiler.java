package dev.mlops.pipeline.sagemaker;

import static dev.mlops.pipeline.sagemaker.Expr.JSON;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.spec.ParameterSpec;
import dev.mlops.spec.PipelineSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Compiles a pipeline spec into a SageMaker Pipeline definition: Preprocess, Train, Evaluate,
 * then QualityGate with Register or GateFailed (the gate always runs: a model that predicts one
 * class fails it whatever the spec's conditions).
 * A pure function: same spec and options, same bytes (keys in a fixed order, 2-space indent,
 * {@code \n} line ends), and no AWS call.
 */
public final class PipelineCompiler {
    public static final String VERSION = "2020-12-01";
    /** CustomerMetadataProperties of an auto-approved package: who approved it (the spec setting) and why. */
    public static final String APPROVED_BY = "mlops:approved-by";
    public static final String APPROVAL_REASON = "mlops:approval-reason";
    private static final ObjectWriter WRITER = new ObjectMapper().writer(printer());

    private PipelineCompiler() {
    }

    /** The definition JSON; see {@link #definition} for the step names and files to upload as well. */
    public static String compile(PipelineSpec spec, CompileOptions options) {
        return definition(spec, options).definition();
    }

    public static CompiledPipeline definition(PipelineSpec spec, CompileOptions options) {
        SageMakerChecks.check(spec);
        Compilation c = Compilation.of(spec, options);
        ObjectNode root = JSON.objectNode();
        root.put("Version", VERSION);
        root.putObject("Metadata");
        ArrayNode parameters = root.putArray("Parameters");
        spec.parameters().values().forEach(p -> parameters.add(parameter(p)));
        ArrayNode steps = root.putArray("Steps");
        steps.add(PreprocessStep.emit(c));
        steps.add(TrainStep.emit(c));
        steps.add(EvaluateStep.emit(c));
        ObjectNode register = RegisterStep.emit(c);
        steps.add(GateSteps.emit(c, register));
        return new CompiledPipeline(write(root), stepNames(steps), List.copyOf(spec.parameters().keySet()), uploads(c));
    }

    private static ObjectNode parameter(ParameterSpec spec) {
        ObjectNode parameter = JSON.objectNode();
        parameter.put("Name", spec.name());
        parameter.put("Type", spec.type().name());
        Object value = spec.defaultValue();
        switch (spec.type()) {
            case Integer -> parameter.put("DefaultValue", ((Number) value).longValue());
            case Float -> parameter.put("DefaultValue", ((Number) value).doubleValue());
            case Boolean -> parameter.put("DefaultValue", (Boolean) value);
            case String -> parameter.put("DefaultValue", value.toString());
        }
        return parameter;
    }

    private static List<String> stepNames(JsonNode steps) {
        List<String> names = new ArrayList<>();
        for (JsonNode step : steps) {
            names.add(step.path("Name").asText());
            names.addAll(stepNames(step.path("Arguments").path("IfSteps")));
            names.addAll(stepNames(step.path("Arguments").path("ElseSteps")));
        }
        return names;
    }

    private static List<CodeUpload> uploads(Compilation c) {
        List<CodeUpload> uploads = new ArrayList<>();
        for (String script : List.of(Names.PREPROCESS_SCRIPT, Names.EVALUATE_SCRIPT, Names.INFERENCE_SCRIPT)) {
            uploads.add(new CodeUpload(script, c.codeUri(script), Optional.empty()));
        }
        String features = write(PreprocessStep.features(c.spec()));
        uploads.add(new CodeUpload(Names.FEATURES_FILE, c.codeUri(Names.FEATURES_FILE), Optional.of(features)));
        return uploads;
    }

    private static String write(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the pipeline definition: " + e.getMessage(), e);
        }
    }

    private static DefaultPrettyPrinter printer() {
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        Separators separators = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("")
                .withArrayEmptySeparator("");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(separators);
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        return printer;
    }
}
