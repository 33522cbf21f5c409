package dev.mlops.pipeline.sagemaker;

import static dev.mlops.pipeline.sagemaker.Expr.JSON;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Evaluate step: {@code evaluate.py} scores the held-out split with the trained model and
 * writes {@code evaluation.json} in the model-quality format, exposed as the property file the
 * quality gate reads. It runs on the XGBoost image, as the SageMaker examples do: that image has
 * the very XGBoost that trained the model (plus pandas and scikit-learn), so the model loads
 * exactly as it was saved.
 */
final class EvaluateStep {
    private EvaluateStep() {
    }

    static ObjectNode emit(Compilation c) {
        String split = c.spec().evaluation().split();
        ArrayNode args = ProcessingJob.strings("--model-dir", Names.MODEL_DIR, "--test-dir", Names.outputDir(split),
                "--output-dir", Names.EVALUATION_DIR, "--threshold", Expr.format(c.spec().evaluation().threshold()));
        ArrayNode inputs = JSON.arrayNode();
        inputs.add(ProcessingJob.input("model", Expr.modelArtifacts(Names.TRAIN), Names.MODEL_DIR));
        inputs.add(ProcessingJob.input(split, Expr.processingOutput(Names.PREPROCESS, split), Names.outputDir(split)));
        ArrayNode outputs = JSON.arrayNode();
        outputs.add(ProcessingJob.output(c, Names.EVALUATE, Names.EVALUATION));
        ProcessingJob.App app = new ProcessingJob.App(c.xgboostImage(), Names.EVALUATE_SCRIPT, args);
        ObjectNode step = ProcessingJob.step(Names.EVALUATE, ProcessingJob.arguments(c, app, inputs, outputs));
        ObjectNode file = step.putArray("PropertyFiles").addObject();
        file.put("PropertyFileName", Names.EVALUATION_REPORT);
        file.put("OutputName", Names.EVALUATION);
        file.put("FilePath", Names.EVALUATION_FILE);
        return step;
    }
}
