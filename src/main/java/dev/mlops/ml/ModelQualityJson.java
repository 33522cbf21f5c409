package dev.mlops.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code evaluation.json} in SageMaker's model-quality format (the document a model
 * package carries as ModelMetrics): each metric as {"value": v, "standard_deviation": ""}.
 */
public final class ModelQualityJson {
    /** The top-level key of the decision threshold in evaluation.json. */
    public static final String DECISION = "decision_threshold";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelQualityJson() {
    }

    public static String write(BinaryMetrics m) {
        return write(m, Optional.empty());
    }

    /**
     * With the decision threshold beside the metrics: {@code "decision_threshold": {"value": t,
     * "rule": "max_f1", "satisfied": 1|0, "reason": ...}}; {@code satisfied} is what the compiled
     * quality gate reads, so a rule no threshold satisfies fails the gate on SageMaker too.
     */
    public static String write(BinaryMetrics m, Optional<ThresholdChoice> choice) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("auc", metric(m.auc()));
        metrics.put("accuracy", metric(m.accuracy()));
        metrics.put("precision", metric(m.precision()));
        metrics.put("recall", metric(m.recall()));
        metrics.put("f1", metric(m.f1()));
        counts(m).forEach((name, count) -> metrics.put(name, count(count)));
        metrics.put("confusion_matrix", Map.of(
                "0", Map.of("0", m.trueNegatives(), "1", m.falsePositives()),
                "1", Map.of("0", m.falseNegatives(), "1", m.truePositives())));
        metrics.put("receiver_operating_characteristic_curve", Map.of(
                "false_positive_rates", xs(m.roc()), "true_positive_rates", ys(m.roc())));
        metrics.put("precision_recall_curve", Map.of(
                "recalls", xs(m.precisionRecall()), "precisions", ys(m.precisionRecall())));
        try {
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("binary_classification_metrics", metrics);
            choice.ifPresent(c -> document.put(DECISION, decision(c)));
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write evaluation.json: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> decision(ThresholdChoice choice) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("value", choice.threshold());
        entry.put("rule", choice.rule().rule());
        if (choice.rule().rule().equals(dev.mlops.spec.PipelineSpec.Threshold.MIN_PRECISION)) {
            entry.put("precision", choice.rule().value());
        }
        entry.put("chosen_on", choice.rule().isChosen() ? "validation" : "spec");
        entry.put("satisfied", choice.failure().isPresent() ? 0 : 1);
        choice.failure().ifPresent(f -> entry.put("reason", f));
        return entry;
    }

    /** The headline metrics (auc, accuracy, precision, recall, f1) of a model-quality document. */
    public static Map<String, Double> headline(BinaryMetrics m) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("auc", m.auc());
        values.put("accuracy", m.accuracy());
        values.put("precision", m.precision());
        values.put("recall", m.recall());
        values.put("f1", m.f1());
        return values;
    }

    /**
     * Every value a quality gate may name: the headline metrics, then the per-class counts of the
     * evaluation split (the confusion matrix cells and how many rows the model predicts 1 and 0).
     */
    public static Map<String, Double> gateValues(BinaryMetrics m) {
        Map<String, Double> values = headline(m);
        counts(m).forEach((name, count) -> values.put(name, (double) count));
        return values;
    }

    /** The counts, in the order evaluation.json lists them (evaluate.py's order too). */
    static Map<String, Long> counts(BinaryMetrics m) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("true_positives", m.truePositives());
        counts.put("false_positives", m.falsePositives());
        counts.put("true_negatives", m.trueNegatives());
        counts.put("false_negatives", m.falseNegatives());
        counts.put("predicted_positives", m.truePositives() + m.falsePositives());
        counts.put("predicted_negatives", m.trueNegatives() + m.falseNegatives());
        return counts;
    }

    private static Map<String, Object> count(long value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("value", value);
        entry.put("standard_deviation", "");
        return entry;
    }

    private static Map<String, Object> metric(double value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("value", Double.isNaN(value) ? "NaN" : value);
        entry.put("standard_deviation", "");
        return entry;
    }

    private static List<Double> xs(List<BinaryMetrics.Point> points) {
        return points.stream().map(BinaryMetrics.Point::x).toList();
    }

    private static List<Double> ys(List<BinaryMetrics.Point> points) {
        return points.stream().map(BinaryMetrics.Point::y).toList();
    }
}
