package dev.mlops.pipeline.sagemaker;

import static dev.mlops.pipeline.sagemaker.Expr.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.spec.PipelineSpec.Threshold;

/**
 * The Evaluate step: {@code evaluate.py} scores the held-out split with the trained model and
 * writes {@code evaluation.json} in the model-quality format, exposed as the property file the
 * quality gate reads. A threshold rule is applied to the validation split (an input only then),
 * and the chosen threshold goes out as the decision container's model data ({@code decision}). It runs on the XGBoost image, as the SageMaker examples do: that image has
 * the very XGBoost that trained the model (plus pandas and scikit-learn), so the model loads
 * exactly as it was saved.
 */
final class EvaluateStep {
    private EvaluateStep() {
    }

    static ObjectNode emit(Compilation c) {
        String split = c.spec().evaluation().split();
        Threshold threshold = c.spec().evaluation().threshold();
        ArrayNode args = ProcessingJob.strings("--model-dir", Names.MODEL_DIR, "--test-dir", Names.outputDir(split),
                "--output-dir", Names.EVALUATION_DIR, "--decision-dir", Names.outputDir(Names.DECISION));
        ArrayNode inputs = JSON.arrayNode();
        inputs.add(ProcessingJob.input("model", Expr.modelArtifacts(Names.TRAIN), Names.MODEL_DIR));
        inputs.add(ProcessingJob.input(split, Expr.processingOutput(Names.PREPROCESS, split), Names.outputDir(split)));
        if (threshold.isChosen()) {
            args.add("--threshold-rule").add(threshold.rule()).add("--validation-dir")
                    .add(Names.outputDir(Names.VALIDATION_SPLIT));
            if (threshold.rule().equals(Threshold.MIN_PRECISION)) {
                args.add("--min-precision").add(Expr.format(threshold.value()));
            }
            inputs.add(ProcessingJob.input(Names.VALIDATION_SPLIT, Expr.processingOutput(Names.PREPROCESS,
                    Names.VALIDATION_SPLIT), Names.outputDir(Names.VALIDATION_SPLIT)));
        } else {
            args.add("--threshold").add(Expr.format(threshold.value()));
        }
        ArrayNode outputs = JSON.arrayNode();
        outputs.add(ProcessingJob.output(c, Names.EVALUATE, Names.EVALUATION));
        outputs.add(ProcessingJob.output(c, Names.EVALUATE, Names.DECISION));
        ProcessingJob.App app = new ProcessingJob.App(c.xgboostImage(), Names.EVALUATE_SCRIPT, args);
        ObjectNode step = ProcessingJob.step(Names.EVALUATE, ProcessingJob.arguments(c, app, inputs, outputs));
        ObjectNode file = step.putArray("PropertyFiles").addObject();
        file.put("PropertyFileName", Names.EVALUATION_REPORT);
        file.put("OutputName", Names.EVALUATION);
        file.put("FilePath", Names.EVALUATION_FILE);
        return step;
    }
}
