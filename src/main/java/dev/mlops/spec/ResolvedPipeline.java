package dev.mlops.spec;

import dev.mlops.InputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;

/**
 * A pipeline spec with every parameter bound to its value for one build: what the local backend
 * runs. Cross-field rules (ratios add up to 1, the held-out split is not empty) are checked here
 * because a --param override can break them.
 */
public record ResolvedPipeline(PipelineSpec spec, ParameterValues parameters, String dataSource, Ratios ratios,
                               Map<String, Object> hyperparameters, List<Gate> gate, String modelPackageGroup,
                               String approvalStatus) {
    private static final String EARLY_STOPPING = "early_stopping_rounds";
    private static final Pattern GROUP = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

    public record Ratios(double train, double validation, double test, long seed, boolean stratify,
                         PipelineSpec.SplitMethod method) {
    }

    /** A resolved quality-gate condition. */
    public record Gate(String metric, OptionalDouble min, OptionalDouble max) {

        /** Empty when the metric passes, else the reason it fails: metric, value and bound. */
        public Optional<String> check(double value) {
            if (min.isPresent() && !(value >= min.getAsDouble())) {
                return Optional.of(metric + " " + number(value) + " is below the minimum " + number(min.getAsDouble()));
            }
            if (max.isPresent() && !(value <= max.getAsDouble())) {
                return Optional.of(metric + " " + number(value) + " is above the maximum " + number(max.getAsDouble()));
            }
            return Optional.empty();
        }

        private String number(double value) {
            if (GateMetrics.isCount(metric) && value == Math.rint(value)) {
                return Long.toString((long) value);
            }
            return String.format(java.util.Locale.ROOT, "%.4f", value).replaceAll("(\\.\\d*?)0+$", "$1")
                    .replaceAll("\\.$", "");
        }
    }

    public static ResolvedPipeline resolve(PipelineSpec spec, Map<String, String> overrides, Optional<String> data) {
        if (overrides.containsKey(PipelineSpecParser.APPROVAL_PARAMETER)) {
            throw new InputException("cannot set parameter '" + PipelineSpecParser.APPROVAL_PARAMETER + "': approval is a"
                    + " human act, so no build parameter can approve a model; a build registers PendingManualApproval"
                    + " and a person approves it (mlops models approve GROUP/VERSION --by NAME --reason WHY); to register"
                    + " Approved without a person, set " + PipelineSpecParser.AUTO_APPROVE_HINT + " in " + spec.source()
                    + ", a change reviewers see in Git");
        }
        Map<String, String> given = new LinkedHashMap<>(overrides);
        // --data is the data source's parameter when the spec binds one, so every record shows what ran.
        data.ifPresent(uri -> spec.data().source().parameter().ifPresent(name -> given.put(name, uri)));
        ParameterValues values = ParameterValues.of(spec.parameters(), given);
        PipelineSpec.Split split = spec.split();
        Ratios ratios = new Ratios(split.train().resolve(values), split.validation().resolve(values),
                split.test().resolve(values), split.seed(), split.stratify(), split.method());
        checkRatios(spec, ratios);
        checkValidationUse(spec, ratios);
        Map<String, Object> hyperparameters = new LinkedHashMap<>();
        spec.training().hyperparameters().forEach((name, value) -> {
            Object resolved = value.resolve(values);
            Hyperparameters.checkChoice(name, resolved);
            hyperparameters.put(name, resolved);
        });
        List<Gate> gate = spec.evaluation().qualityGate().stream()
                .map(c -> new Gate(c.metric(), optional(c.min(), values), optional(c.max(), values))).toList();
        String group = spec.registration().modelPackageGroup().resolve(values);
        if (!GROUP.matcher(group).matches()) {
            throw new InputException("cannot use model package group '" + group
                    + "': 1 to 63 letters, digits and hyphens, starting with a letter or digit");
        }
        String status = spec.registration().approvalStatus();
        String source = data.orElseGet(() -> spec.data().source().resolve(values));
        return new ResolvedPipeline(spec, values, source, ratios, java.util.Collections.unmodifiableMap(hyperparameters),
                gate, group, status);
    }

    public int numRound() {
        return ((Number) hyperparameters.get("num_round")).intValue();
    }

    /** Rounds without improvement of the validation metric after which training stops; empty: never. */
    public java.util.OptionalInt earlyStoppingRounds() {
        Object rounds = hyperparameters.get(EARLY_STOPPING);
        return rounds == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(((Number) rounds).intValue());
    }

    /** The hyperparameters XGBoost itself takes (everything but the round count and early stopping). */
    public Map<String, Object> boosterParameters() {
        Map<String, Object> params = new LinkedHashMap<>(hyperparameters);
        params.remove("num_round");
        params.remove(EARLY_STOPPING);
        return params;
    }

    private static void checkRatios(PipelineSpec spec, Ratios ratios) {
        double sum = ratios.train() + ratios.validation() + ratios.test();
        if (Math.abs(sum - 1.0) > 1e-9) {
            throw new InputException(String.format("cannot split the data (%s): train %s + validation %s + test %s = %s,"
                    + " they must add up to 1", spec.source(), ratios.train(), ratios.validation(), ratios.test(), sum));
        }
        double heldOut = spec.evaluation().split().equals("test") ? ratios.test() : ratios.validation();
        if (heldOut <= 0) {
            throw new InputException("cannot evaluate on the " + spec.evaluation().split() + " split (" + spec.source()
                    + "): its ratio is 0");
        }
    }

    /** Early stopping and a threshold rule both read the validation split, so it must not be empty. */
    private static void checkValidationUse(PipelineSpec spec, Ratios ratios) {
        if (ratios.validation() > 0) {
            return;
        }
        if (spec.training().hyperparameters().containsKey(EARLY_STOPPING)) {
            throw new InputException("cannot stop training early (" + spec.source() + ": training.hyperparameters."
                    + EARLY_STOPPING + "): the validation split is empty; give it a ratio above 0");
        }
        if (spec.evaluation().threshold().isChosen()) {
            throw new InputException("cannot choose the decision threshold by rule " + spec.evaluation().threshold()
                    .describe() + " (" + spec.source() + ": evaluation.threshold): the validation split is empty;"
                    + " give it a ratio above 0");
        }
    }

    private static OptionalDouble optional(Optional<Value<Double>> value, ParameterValues values) {
        return value.map(v -> OptionalDouble.of(v.resolve(values))).orElse(OptionalDouble.empty());
    }
}
