package dev.mlops.spec;

import dev.mlops.spec.PipelineSpec.AutoApproval;
import dev.mlops.spec.PipelineSpec.Categorical;
import dev.mlops.spec.PipelineSpec.Data;
import dev.mlops.spec.PipelineSpec.Evaluation;
import dev.mlops.spec.PipelineSpec.Features;
import dev.mlops.spec.PipelineSpec.GateCondition;
import dev.mlops.spec.PipelineSpec.Registration;
import dev.mlops.spec.PipelineSpec.Resources;
import dev.mlops.spec.PipelineSpec.Split;
import dev.mlops.spec.PipelineSpec.SplitMethod;
import dev.mlops.spec.PipelineSpec.Training;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads {@code pipelines/*.yaml} into a {@link PipelineSpec}, with errors that name file, line and field. */
public final class PipelineSpecParser {
    static final List<String> TOP_KEYS = List.of("apiVersion", "kind", "name", "description", "parameters", "data",
            "split", "features", "processing", "training", "evaluation", "registration", "images");
    /** Approval is a human act: no parameter may carry it (see {@link #registration}). */
    static final String APPROVAL_PARAMETER = "model_approval_status";
    /** The one way to register Approved: a setting in the spec, which reviewers see in Git. */
    static final String AUTO_APPROVE_HINT = "registration.auto_approve: {enabled: true, reason: WHY}";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9](-*[A-Za-z0-9]){0,255}");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,255}");

    private PipelineSpecParser() {
    }

    public static PipelineSpec read(Path file) {
        return parse(YamlNode.read(file));
    }

    public static PipelineSpec parse(YamlNode root) {
        YamlMap top = root.asMap().allowOnly(TOP_KEYS);
        top.get("kind").ifPresent(kind -> {
            if (!kind.asString().equals("ModelBuildPipeline")) {
                throw kind.error("expected kind ModelBuildPipeline, found '" + kind.asString() + "'");
            }
        });
        String name = top.require("name").asString();
        if (!NAME.matcher(name).matches()) {
            throw top.require("name").error("a pipeline name has letters, digits and hyphens only (SageMaker's rule)");
        }
        Map<String, ParameterSpec> parameters = top.get("parameters").map(PipelineSpecParser::parameters).orElse(Map.of());
        Split split = split(top.require("split"), parameters);
        return new PipelineSpec(root.file(), name, parameters, data(top.require("data"), parameters), split,
                features(top.require("features")), resources(top.get("processing"), parameters, "ml.m5.xlarge"),
                training(top.get("training"), parameters), evaluation(top.get("evaluation"), parameters, split),
                registration(top.require("registration"), parameters), images(top.get("images")));
    }

    private static Map<String, ParameterSpec> parameters(YamlNode node) {
        Map<String, ParameterSpec> parameters = new LinkedHashMap<>();
        YamlMap map = node.asMap();
        for (String name : map.keys()) {
            if (!PARAMETER_NAME.matcher(name).matches()) {
                throw map.keyNode(name).error("a parameter name starts with a letter and has letters, digits and _ only");
            }
            if (name.equals(APPROVAL_PARAMETER)) {
                throw map.keyNode(name).error("the approval status is not a parameter: a build registers "
                        + "PendingManualApproval and a person approves it; remove this parameter, and set "
                        + AUTO_APPROVE_HINT + " in this file (where reviewers see it in Git) to register Approved"
                        + " without a person");
            }
            YamlMap declaration = map.require(name).asMap().allowOnly(List.of("type", "default", "description"));
            ParameterType type = ParameterType.parse(declaration.require("type"));
            YamlNode defaultNode = declaration.require("default");
            Object value;
            try {
                value = type.convert(defaultNode.asString());
            } catch (NumberFormatException e) {
                throw defaultNode.error("expected " + type.describe() + " for a parameter of type " + type);
            }
            parameters.put(name, new ParameterSpec(name, type, value, declaration.get("description").map(YamlNode::asString)));
        }
        return java.util.Collections.unmodifiableMap(parameters);
    }

    private static Data data(YamlNode node, Map<String, ParameterSpec> parameters) {
        YamlMap map = node.asMap().allowOnly(List.of("source", "label", "label_aliases"));
        return new Data(Value.text(map.require("source"), parameters), map.require("label").asString(),
                map.strings("label_aliases", List.of()));
    }

    private static Split split(YamlNode node, Map<String, ParameterSpec> parameters) {
        YamlMap map = node.asMap().allowOnly(List.of("method", "train", "validation", "test", "seed", "stratify"));
        SplitMethod method = map.get("method").map(PipelineSpecParser::splitMethod).orElse(SplitMethod.PORTABLE);
        Range ratio = Range.closed(0, 1);
        Value<Double> train = Value.number(map.require("train"), parameters, Range.openClosed(0, 1));
        Value<Double> validation = Value.number(map.require("validation"), parameters, ratio);
        Value<Double> test = map.get("test").map(t -> Value.number(t, parameters, ratio))
                .orElse(Value.literalOf(0.0, Value.Kind.NUMBER, "split.test"));
        long seed = map.get("seed").map(YamlNode::asLong).orElse(0L);
        boolean stratify = map.get("stratify").map(YamlNode::asBoolean).orElse(true);
        if (method == SplitMethod.SKLEARN) {
            checkSklearnSplit(map, test, seed);
        }
        return new Split(train, validation, test, seed, stratify, method);
    }

    private static SplitMethod splitMethod(YamlNode node) {
        List<String> methods = java.util.Arrays.stream(SplitMethod.values()).map(SplitMethod::spelling).toList();
        String given = node.asString();
        if (!methods.contains(given)) {
            throw node.error("unknown split method '" + given + "'" + Suggestions.hint(given, methods)
                    + "; methods are: " + String.join(", ", methods));
        }
        return SplitMethod.valueOf(given.toUpperCase(java.util.Locale.ROOT));
    }

    /** scikit-learn's train_test_split cuts in two, with a NumPy seed (a 32-bit unsigned int). */
    private static void checkSklearnSplit(YamlMap map, Value<Double> test, long seed) {
        if (test.isParameter() || test.literal().orElseThrow() != 0.0) {
            throw map.require("test").error("the sklearn split cuts in two, as train_test_split(X, y, test_size="
                    + "validation) does: remove test (or set it to 0); the validation split is train_test_split's"
                    + " test part");
        }
        if (seed < 0 || seed > 0xFFFFFFFFL) {
            throw map.require("seed").error("the sklearn split's seed is train_test_split's random_state, a NumPy seed"
                    + " between 0 and 4294967295; found " + seed);
        }
    }

    private static Features features(YamlNode node) {
        YamlMap map = node.asMap().allowOnly(List.of("drop", "categorical", "numeric", "derived"));
        List<Categorical> categorical = new ArrayList<>();
        for (YamlNode item : map.get("categorical").map(YamlNode::asList).orElse(List.of())) {
            YamlMap entry = item.asMap().allowOnly(List.of("column", "categories"));
            List<String> categories = entry.require("categories").asStringList();
            if (categories.isEmpty() || categories.stream().distinct().count() != categories.size()) {
                throw entry.require("categories").error("categories must be a non-empty list without repeats");
            }
            categorical.add(new Categorical(entry.require("column").asString(), categories));
        }
        List<String> numeric = map.strings("numeric", List.of());
        if (numeric.isEmpty() && categorical.isEmpty()) {
            throw node.error("declare at least one numeric or categorical feature");
        }
        List<String> drop = map.strings("drop", List.of());
        List<String> others = new ArrayList<>(drop);
        categorical.forEach(c -> others.add(c.column()));
        List<PipelineSpec.Derived> derived = DerivedFeatures.parse(map.get("derived"), numeric, others);
        return new Features(drop, List.copyOf(categorical), numeric, derived);
    }

    private static Resources resources(Optional<YamlNode> node, Map<String, ParameterSpec> parameters, String type) {
        if (node.isEmpty()) {
            return new Resources(Value.literalOf(type, Value.Kind.TEXT, "instance_type"),
                    Value.literalOf(1, Value.Kind.INTEGER, "instance_count"));
        }
        YamlMap map = node.get().asMap().allowOnly(List.of("instance_type", "instance_count"));
        return new Resources(map.get("instance_type").map(v -> Value.text(v, parameters))
                .orElse(Value.literalOf(type, Value.Kind.TEXT, "instance_type")),
                map.get("instance_count").map(v -> Value.integer(v, parameters, Range.closed(1, 100)))
                        .orElse(Value.literalOf(1, Value.Kind.INTEGER, "instance_count")));
    }

    private static Training training(Optional<YamlNode> node, Map<String, ParameterSpec> parameters) {
        Map<String, Value<?>> hyperparameters = new LinkedHashMap<>(TrainingDefaults.workshop());
        if (node.isEmpty()) {
            return new Training("xgboost", resources(Optional.empty(), parameters, "ml.m5.xlarge"), hyperparameters);
        }
        YamlMap map = node.get().asMap().allowOnly(List.of("algorithm", "instance_type", "instance_count", "hyperparameters"));
        String algorithm = map.string("algorithm", "xgboost");
        if (!algorithm.equals("xgboost")) {
            throw map.require("algorithm").error("only the built-in 'xgboost' algorithm is supported");
        }
        Resources instances = new Resources(
                map.get("instance_type").map(v -> Value.text(v, parameters))
                        .orElse(Value.literalOf("ml.m5.xlarge", Value.Kind.TEXT, "training.instance_type")),
                map.get("instance_count").map(v -> Value.integer(v, parameters, Range.closed(1, 100)))
                        .orElse(Value.literalOf(1, Value.Kind.INTEGER, "training.instance_count")));
        map.get("hyperparameters").ifPresent(h -> {
            YamlMap given = h.asMap();
            for (String name : given.keys()) {
                hyperparameters.put(name, Hyperparameters.parse(name, given.require(name), parameters));
            }
        });
        return new Training(algorithm, instances, java.util.Collections.unmodifiableMap(hyperparameters));
    }

    private static Evaluation evaluation(Optional<YamlNode> node, Map<String, ParameterSpec> parameters, Split split) {
        if (node.isEmpty()) {
            return new Evaluation(heldOut(split), PipelineSpec.Threshold.fixed(0.5), List.of());
        }
        YamlMap map = node.get().asMap().allowOnly(List.of("split", "threshold", "quality_gate"));
        String which = map.string("split", heldOut(split));
        if (!List.of("test", "validation").contains(which)) {
            throw map.require("split").error("evaluate on 'test' or 'validation', found '" + which + "'");
        }
        PipelineSpec.Threshold threshold = map.get("threshold").map(t -> threshold(t, which))
                .orElse(PipelineSpec.Threshold.fixed(0.5));
        List<GateCondition> gate = new ArrayList<>();
        for (YamlNode item : map.get("quality_gate").map(YamlNode::asList).orElse(List.of())) {
            YamlMap condition = item.asMap().allowOnly(List.of("metric", "min", "max"));
            String metric = condition.require("metric").asString();
            if (!GateMetrics.ALL.contains(metric)) {
                throw condition.require("metric").error("unknown metric '" + metric + "'"
                        + Suggestions.hint(metric, GateMetrics.ALL) + "; the evaluation writes: "
                        + String.join(", ", GateMetrics.ALL));
            }
            Range bounds = GateMetrics.range(metric);
            Optional<Value<Double>> min = condition.get("min").map(v -> Value.number(v, parameters, bounds));
            Optional<Value<Double>> max = condition.get("max").map(v -> Value.number(v, parameters, bounds));
            if (min.isEmpty() && max.isEmpty()) {
                throw item.error("a quality gate condition needs min or max");
            }
            gate.add(new GateCondition(metric, min, max));
        }
        return new Evaluation(which, threshold, List.copyOf(gate));
    }

    /** {@code 0.5}, {@code {rule: max_f1}} or {@code {rule: min_precision, precision: 0.9}}. */
    private static PipelineSpec.Threshold threshold(YamlNode node, String evaluated) {
        if (node.isScalar()) {
            double value = node.asDouble();
            if (!Range.open(0, 1).contains(value)) {
                throw node.error("must be " + Range.open(0, 1) + ", found " + value);
            }
            return PipelineSpec.Threshold.fixed(value);
        }
        YamlMap map = node.asMap().allowOnly(List.of("rule", "precision"));
        String rule = map.require("rule").asString();
        if (!PipelineSpec.Threshold.RULES.contains(rule)) {
            throw map.require("rule").error("unknown threshold rule '" + rule + "'" + Suggestions.hint(rule,
                    PipelineSpec.Threshold.RULES) + "; rules are: " + String.join(", ", PipelineSpec.Threshold.RULES)
                    + " (or give a number)");
        }
        if (evaluated.equals("validation")) {
            throw map.require("rule").error("a threshold rule chooses the threshold on the validation split, so the"
                    + " evaluation must use another one: set evaluation.split: test (and a test ratio above 0)");
        }
        boolean needsPrecision = rule.equals(PipelineSpec.Threshold.MIN_PRECISION);
        if (needsPrecision != map.get("precision").isPresent()) {
            throw (needsPrecision ? node : map.require("precision")).error(needsPrecision
                    ? "rule min_precision needs precision: P (in (0, 1]), the lowest precision the threshold may give"
                    : "precision is only used by rule min_precision");
        }
        double precision = map.get("precision").map(YamlNode::asDouble).orElse(0.0);
        if (needsPrecision && !Range.openClosed(0, 1).contains(precision)) {
            throw map.require("precision").error("must be " + Range.openClosed(0, 1) + ", found " + precision);
        }
        return new PipelineSpec.Threshold(rule, precision);
    }

    private static String heldOut(Split split) {
        boolean noTest = split.test().literal().map(t -> t == 0.0).orElse(false);
        return noTest ? "validation" : "test";
    }

    private static Registration registration(YamlNode node, Map<String, ParameterSpec> parameters) {
        YamlMap map = node.asMap();
        map.get("approval_status").ifPresent(status -> {
            throw status.error("a build always registers PendingManualApproval and a person approves it; remove "
                    + "approval_status, and set " + AUTO_APPROVE_HINT + " in this file (where reviewers see it in Git)"
                    + " to register Approved without a person");
        });
        map.allowOnly(List.of("model_package_group", "auto_approve", "content_types", "response_types"));
        return new Registration(Value.text(map.require("model_package_group"), parameters),
                map.get("auto_approve").flatMap(PipelineSpecParser::autoApprove),
                map.strings("content_types", List.of("text/csv")),
                map.strings("response_types", List.of("application/json", "text/csv")));
    }

    /** {@code auto_approve: {enabled: true, reason: "..."}}; literals only, so no --param can turn it on. */
    private static Optional<AutoApproval> autoApprove(YamlNode node) {
        YamlMap map = node.asMap().allowOnly(List.of("enabled", "reason"));
        if (!map.require("enabled").asBoolean()) {
            return Optional.empty();
        }
        String reason = map.get("reason").map(YamlNode::asString).map(String::trim).orElse("");
        if (reason.isEmpty() || reason.contains("${")) {
            throw node.error("auto_approve needs a reason, written out (not a parameter): why packages of this "
                    + "pipeline need no human approval, e.g. reason: \"dev group: every build goes to the dev endpoint\"");
        }
        return Optional.of(new AutoApproval(node.file() + " " + node.path(), reason.replaceAll("\\s+", " ")));
    }

    private static Map<String, String> images(Optional<YamlNode> node) {
        Map<String, String> images = new LinkedHashMap<>();
        node.ifPresent(n -> {
            YamlMap map = n.asMap().allowOnly(List.of("sklearn", "xgboost"));
            map.keys().forEach(k -> images.put(k, map.require(k).asString()));
        });
        return java.util.Collections.unmodifiableMap(images);
    }
}
