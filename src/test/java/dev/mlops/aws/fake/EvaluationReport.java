package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;

/**
 * The SageMaker model-quality document an evaluation step writes (and a property file exposes), with
 * the decision threshold beside the metrics as evaluate.py writes it (a satisfied rule).
 */
final class EvaluationReport {
    private EvaluationReport() {
    }

    static JsonNode of(Map<String, Double> metrics) {
        ObjectNode report = Json.object();
        ObjectNode binary = report.putObject("binary_classification_metrics");
        new TreeMap<>(metrics).forEach((name, value) ->
                binary.putObject(name).put("value", value).put("standard_deviation", "NaN"));
        report.putObject("decision_threshold").put("value", 0.5).put("rule", "max_f1").put("chosen_on", "validation")
                .put("satisfied", 1);
        return report;
    }
}
