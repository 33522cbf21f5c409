package dev.mlops.pipeline.sagemaker;

import static dev.mlops.pipeline.sagemaker.Expr.JSON;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.spec.GateMetrics;
import dev.mlops.spec.PipelineSpec.GateCondition;
import dev.mlops.spec.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * The QualityGate condition step and its GateFailed fail step. Every condition of the spec's
 * quality gate must hold (SageMaker ANDs a Conditions list); each reads its metric from the
 * Evaluate step's property file with {@code Std:JsonGet}. Two built-in conditions come first: the
 * model predicts each class at least once on the evaluation split (evaluate.py writes the counts),
 * as the local runner checks. On success the gate runs Register.
 */
final class GateSteps {
    static final String THRESHOLD_SATISFIED = "decision_threshold.satisfied";
    private GateSteps() {
    }

    static ObjectNode emit(Compilation c, ObjectNode register) {
        ArrayNode conditions = JSON.arrayNode();
        List<JsonNode> message = new ArrayList<>(List.of(JSON.textNode("quality gate failed:")));
        for (String count : List.of(GateMetrics.PREDICTED_POSITIVES, GateMetrics.PREDICTED_NEGATIVES)) {
            conditions.add(condition("GreaterThanOrEqualTo", count, JSON.numberNode(1)));
        }
        message.add(JSON.textNode("the model must predict both classes (" + GateMetrics.PREDICTED_POSITIVES + " >= 1 and "
                + GateMetrics.PREDICTED_NEGATIVES + " >= 1)"));
        if (c.spec().evaluation().threshold().isChosen()) {
            // evaluate.py writes satisfied 0 (and the reason) when no threshold meets the rule
            ObjectNode satisfied = JSON.objectNode();
            satisfied.put("Type", "GreaterThanOrEqualTo");
            satisfied.set("LeftValue", Expr.jsonGet(Names.EVALUATE, Names.EVALUATION_REPORT, THRESHOLD_SATISFIED));
            satisfied.put("RightValue", 1);
            conditions.add(satisfied);
            message.add(JSON.textNode("and the threshold rule " + c.spec().evaluation().threshold().describe()
                    + " must be satisfied on the validation split (" + THRESHOLD_SATISFIED + " >= 1)"));
        }
        for (GateCondition gate : c.spec().evaluation().qualityGate()) {
            gate.min().ifPresent(min -> conditions.add(condition("GreaterThanOrEqualTo", gate.metric(), min)));
            gate.max().ifPresent(max -> conditions.add(condition("LessThanOrEqualTo", gate.metric(), max)));
            gate.min().ifPresent(min -> explain(message, gate.metric(), ">=", Expr.joinable(min)));
            gate.max().ifPresent(max -> explain(message, gate.metric(), "<=", Expr.joinable(max)));
        }
        message.add(JSON.textNode("on the " + c.spec().evaluation().split() + " split (see " + Names.EVALUATE
                + "'s " + Names.EVALUATION_FILE + ")"));
        ObjectNode args = JSON.objectNode();
        args.set("Conditions", conditions);
        args.putArray("IfSteps").add(register);
        args.putArray("ElseSteps").add(failed(message));
        ObjectNode step = JSON.objectNode();
        step.put("Name", Names.QUALITY_GATE);
        step.put("Type", "Condition");
        step.set("Arguments", args);
        return step;
    }

    /** The JSON path of a metric in the model-quality document evaluate.py writes. */
    static String metricPath(String metric) {
        return "binary_classification_metrics." + metric + ".value";
    }

    private static ObjectNode condition(String type, String metric, Value<Double> bound) {
        return condition(type, metric, Expr.typed(bound));
    }

    private static ObjectNode condition(String type, String metric, JsonNode bound) {
        ObjectNode condition = JSON.objectNode();
        condition.put("Type", type);
        condition.set("LeftValue", Expr.jsonGet(Names.EVALUATE, Names.EVALUATION_REPORT, metricPath(metric)));
        condition.set("RightValue", bound);
        return condition;
    }

    private static void explain(List<JsonNode> message, String metric, String operator, JsonNode bound) {
        if (message.size() > 1) {
            message.add(JSON.textNode("and"));
        }
        message.add(JSON.textNode(metric + " must be " + operator));
        message.add(bound);
    }

    private static ObjectNode failed(List<JsonNode> message) {
        ObjectNode step = JSON.objectNode();
        step.put("Name", Names.GATE_FAILED);
        step.put("Type", "Fail");
        step.putObject("Arguments").set("ErrorMessage", Expr.join(" ", message.toArray(JsonNode[]::new)));
        return step;
    }
}
