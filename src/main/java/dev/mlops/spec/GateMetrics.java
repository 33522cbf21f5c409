package dev.mlops.spec;

import java.util.List;
import java.util.stream.Stream;

/**
 * The metrics a quality gate may name: every value the Evaluate step writes to evaluation.json
 * under {@code binary_classification_metrics.<name>.value} (the Java evaluator and evaluate.py
 * write the same names). Rates are in [0, 1]; counts are rows of the evaluation split.
 */
public final class GateMetrics {
    public static final String PREDICTED_POSITIVES = "predicted_positives";
    public static final String PREDICTED_NEGATIVES = "predicted_negatives";
    public static final List<String> RATES = List.of("auc", "accuracy", "precision", "recall", "f1");
    public static final List<String> COUNTS = List.of("true_positives", "false_positives", "true_negatives",
            "false_negatives", PREDICTED_POSITIVES, PREDICTED_NEGATIVES);
    public static final List<String> ALL = Stream.concat(RATES.stream(), COUNTS.stream()).toList();

    private GateMetrics() {
    }

    public static boolean isCount(String metric) {
        return COUNTS.contains(metric);
    }

    /** The bounds a gate condition on {@code metric} may have. */
    static Range range(String metric) {
        return isCount(metric) ? Range.atLeast(0) : Range.closed(0, 1);
    }
}
