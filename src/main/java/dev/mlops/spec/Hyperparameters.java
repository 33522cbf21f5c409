package dev.mlops.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The XGBoost hyperparameters a spec may set, with their allowed ranges (from XGBoost's and the
 * SageMaker built-in algorithm's documentation). Text ones list their allowed values.
 */
public final class Hyperparameters {
    static final Map<String, Range> NUMERIC = new LinkedHashMap<>();
    static final Map<String, Range> INTEGER = new LinkedHashMap<>();
    static final Map<String, List<String>> CHOICES = new LinkedHashMap<>();

    static {
        INTEGER.put("num_round", Range.closed(1, 100_000));
        INTEGER.put("max_depth", Range.closed(1, 64));
        INTEGER.put("seed", Range.closed(0, Integer.MAX_VALUE));
        INTEGER.put("max_bin", Range.closed(2, 65_536));
        // stops when the validation metric has not improved for this many rounds (needs a validation split)
        INTEGER.put("early_stopping_rounds", Range.closed(1, 100_000));
        NUMERIC.put("eta", Range.closed(0, 1));
        NUMERIC.put("gamma", Range.atLeast(0));
        NUMERIC.put("min_child_weight", Range.atLeast(0));
        NUMERIC.put("max_delta_step", Range.atLeast(0));
        NUMERIC.put("subsample", Range.openClosed(0, 1));
        NUMERIC.put("colsample_bytree", Range.openClosed(0, 1));
        NUMERIC.put("lambda", Range.atLeast(0));
        NUMERIC.put("alpha", Range.atLeast(0));
        NUMERIC.put("scale_pos_weight", Range.above(0));
        NUMERIC.put("base_score", Range.open(0, 1));
        CHOICES.put("objective", List.of("binary:logistic"));
        CHOICES.put("eval_metric", List.of("auc", "aucpr", "logloss", "error"));
        CHOICES.put("tree_method", List.of("exact", "approx", "hist", "auto"));
    }

    private Hyperparameters() {
    }

    public static Set<String> names() {
        Set<String> names = new java.util.LinkedHashSet<>(INTEGER.keySet());
        names.addAll(NUMERIC.keySet());
        names.addAll(CHOICES.keySet());
        return names;
    }

    static Value<?> parse(String name, YamlNode node, Map<String, ParameterSpec> parameters) {
        if (INTEGER.containsKey(name)) {
            return Value.integer(node, parameters, INTEGER.get(name));
        }
        if (NUMERIC.containsKey(name)) {
            return Value.number(node, parameters, NUMERIC.get(name));
        }
        if (CHOICES.containsKey(name)) {
            Value<String> value = Value.text(node, parameters);
            value.literal().filter(v -> !CHOICES.get(name).contains(v)).ifPresent(v -> {
                throw node.error("'" + v + "' is not supported" + Suggestions.hint(v, CHOICES.get(name))
                        + "; allowed values are: " + String.join(", ", CHOICES.get(name)));
            });
            return value;
        }
        throw node.error("unknown hyperparameter '" + name + "'" + Suggestions.hint(name, names())
                + "; supported hyperparameters are: " + String.join(", ", names()));
    }

    /** Checks a resolved text hyperparameter (a --param override may bypass the parse-time check). */
    static void checkChoice(String name, Object value) {
        List<String> allowed = CHOICES.get(name);
        if (allowed != null && !allowed.contains(value.toString())) {
            throw new dev.mlops.InputException("cannot use hyperparameter " + name + "='" + value
                    + "': allowed values are: " + String.join(", ", allowed));
        }
    }
}
