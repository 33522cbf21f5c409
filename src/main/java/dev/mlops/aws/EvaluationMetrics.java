package dev.mlops.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.spec.GateMetrics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the metrics of an {@code evaluation.json} in SageMaker's model-quality format
 * ({"binary_classification_metrics": {"auc": {"value": 0.93, ...}, ...}}): every metric with a
 * finite numeric value, the local backend's headline metrics first in its order. The per-class
 * counts the quality gate reads ({@link GateMetrics#COUNTS}) are left out, as the local backend
 * leaves them out of a version's metrics: they are in the report's confusion matrix.
 */
final class EvaluationMetrics {
    static final List<String> HEADLINE = List.of("auc", "accuracy", "precision", "recall", "f1");
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvaluationMetrics() {
    }

    /** The metrics, or an empty map when the document is not a model-quality report. */
    static Map<String, Double> parse(String json) {
        JsonNode metrics;
        try {
            metrics = JSON.readTree(json).path("binary_classification_metrics");
        } catch (JsonProcessingException e) {
            return Map.of();
        }
        Map<String, Double> found = new TreeMap<>();
        metrics.properties().forEach(entry -> {
            JsonNode value = entry.getValue().path("value");
            if (value.isNumber() && Double.isFinite(value.asDouble()) && !GateMetrics.isCount(entry.getKey())) {
                found.put(entry.getKey(), value.asDouble());
            }
        });
        Map<String, Double> ordered = new LinkedHashMap<>();
        HEADLINE.stream().filter(found::containsKey).forEach(name -> ordered.put(name, found.remove(name)));
        ordered.putAll(found);
        return ordered;
    }
}
