package dev.mlops.pipeline.sagemaker;

/**
 * The names and container paths that the definition, the {@code model-build/} scripts and the
 * AWS backend agree on. Step names are the local backend's, so both report the same steps.
 */
final class Names {
    static final String PREPROCESS = "Preprocess";
    static final String TRAIN = "Train";
    static final String EVALUATE = "Evaluate";
    static final String QUALITY_GATE = "QualityGate";
    static final String REGISTER = "Register";
    static final String GATE_FAILED = "GateFailed";

    static final String EVALUATION_REPORT = "EvaluationReport";
    static final String EVALUATION_FILE = "evaluation.json";
    static final String FEATURIZER_ARCHIVE = "model.tar.gz";

    /** Outputs of Preprocess; {@code model} holds the featurizer archive. */
    static final String TRAIN_SPLIT = "train";
    static final String VALIDATION_SPLIT = "validation";
    static final String TEST_SPLIT = "test";
    static final String FEATURIZER = "model";
    static final String EVALUATION = "evaluation";
    /** Output of Evaluate: the decision container's model data (the chosen threshold). */
    static final String DECISION = "decision";

    static final String PROCESSING = "/opt/ml/processing";
    static final String CODE_DIR = PROCESSING + "/input/code";
    static final String DATA_DIR = PROCESSING + "/input/data";
    static final String MODEL_DIR = PROCESSING + "/model";
    static final String EVALUATION_DIR = PROCESSING + "/evaluation";

    static final String PREPROCESS_SCRIPT = "preprocess.py";
    static final String EVALUATE_SCRIPT = "evaluate.py";
    static final String INFERENCE_SCRIPT = "inference.py";
    static final String FEATURES_FILE = "features.json";

    private Names() {
    }

    /** Where a processing output sits in the container: {@code /opt/ml/processing/<output>}. */
    static String outputDir(String output) {
        return PROCESSING + "/" + output;
    }
}
