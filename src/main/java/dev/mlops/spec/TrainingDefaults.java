package dev.mlops.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The workshop's hyperparameters, used where a spec leaves one out. {@code tree_method=exact}
 * and {@code base_score=0.5} pin XGBoost 1.x's behaviour, which SageMaker's XGBoost containers
 * keep, so the local model equals the one SageMaker would train (DOMAIN.md).
 */
final class TrainingDefaults {
    private TrainingDefaults() {
    }

    static Map<String, Value<?>> workshop() {
        Map<String, Value<?>> values = new LinkedHashMap<>();
        values.put("objective", text("objective", "binary:logistic"));
        values.put("max_depth", Value.literalOf(3, Value.Kind.INTEGER, "training.hyperparameters.max_depth"));
        values.put("eta", number("eta", 0.1));
        values.put("gamma", number("gamma", 0.0));
        values.put("min_child_weight", number("min_child_weight", 1.0));
        values.put("num_round", Value.literalOf(10, Value.Kind.INTEGER, "training.hyperparameters.num_round"));
        values.put("eval_metric", text("eval_metric", "auc"));
        values.put("tree_method", text("tree_method", "exact"));
        values.put("base_score", number("base_score", 0.5));
        values.put("seed", Value.literalOf(0, Value.Kind.INTEGER, "training.hyperparameters.seed"));
        return values;
    }

    private static Value<Double> number(String name, double value) {
        return Value.literalOf(value, Value.Kind.NUMBER, "training.hyperparameters." + name);
    }

    private static Value<String> text(String name, String value) {
        return Value.literalOf(value, Value.Kind.TEXT, "training.hyperparameters." + name);
    }
}
