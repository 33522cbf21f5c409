package dev.mlops.pipeline.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.spec.PipelineSpec;
import dev.mlops.spec.Value;

/** One compilation's inputs, resolved once: the spec, the options and the two images. */
record Compilation(PipelineSpec spec, CompileOptions options, String sklearnImage, String xgboostImage) {

    /** The spec's {@code images} override the table, so any region or private image works. */
    static Compilation of(PipelineSpec spec, CompileOptions options) {
        String sklearn = spec.images().containsKey("sklearn") ? spec.images().get("sklearn")
                : ImageUris.sklearnImage(options.region(), options.frameworks().sklearn());
        String xgboost = spec.images().containsKey("xgboost") ? spec.images().get("xgboost")
                : ImageUris.xgboostImage(options.region(), options.frameworks().xgboost());
        return new Compilation(spec, options, sklearn, xgboost);
    }

    JsonNode text(Value<?> value) {
        return Expr.text(value, spec.parameters());
    }

    String codeUri(String file) {
        return options.s3().code() + "/" + file;
    }

    ObjectNode executionPath(String step, String output) {
        return Expr.executionPath(options.s3().artifacts(), step, output);
    }
}
