package dev.mlops.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model-build pipeline as declared in {@code pipelines/model-build.yaml}: one description
 * that the local backend runs and the SageMaker compiler turns into a pipeline definition.
 */
public record PipelineSpec(String source, String name, Map<String, ParameterSpec> parameters, Data data,
                           Split split, Features features, Resources processing, Training training,
                           Evaluation evaluation, Registration registration, Map<String, String> images) {

    /** Where the data comes from and which column is the label (with accepted spellings). */
    public record Data(Value<String> source, String label, List<String> labelAliases) {
    }

    /** Split ratios (test may be 0), how rows are drawn, its seed and whether to stratify. */
    public record Split(Value<Double> train, Value<Double> validation, Value<Double> test, long seed, boolean stratify,
                        SplitMethod method) {
    }

    /**
     * How rows are split: {@code portable} (a seeded rule any language reproduces, three-way) or
     * {@code sklearn} (scikit-learn's {@code train_test_split(..., test_size=validation,
     * random_state=seed, stratify=...)}, two-way, as the workshop split).
     */
    public enum SplitMethod {
        PORTABLE, SKLEARN;

        public String spelling() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Instances for a processing or training job; recorded locally, used on SageMaker. */
    public record Resources(Value<String> instanceType, Value<Integer> instanceCount) {
    }

    /**
     * Columns dropped, one-hot encoded (fixed category order) and standardised, and features derived
     * from the numeric columns (standardised too, placed after the numeric columns).
     */
    public record Features(List<String> drop, List<Categorical> categorical, List<String> numeric, List<Derived> derived) {
    }

    /** A derived feature: its name, the expression as written and as parsed. */
    public record Derived(String name, String expression, Expression tree) {
    }

    public record Categorical(String column, List<String> categories) {
    }

    /** The XGBoost training step; hyperparameters keep their declared order. */
    public record Training(String algorithm, Resources resources, Map<String, Value<?>> hyperparameters) {
    }

    /** Which split is held out for evaluation, the decision threshold and the quality gate. */
    public record Evaluation(String split, Threshold threshold, List<GateCondition> qualityGate) {
    }

    /**
     * How the decision threshold (label 1 when score &gt; threshold) is set: {@code fixed} at
     * {@code value}, or chosen on the validation split: {@code max_f1} (the best F1), or
     * {@code min_precision} (the lowest threshold whose precision is at least {@code value}).
     */
    public record Threshold(String rule, double value) {
        public static final String FIXED = "fixed";
        public static final String MAX_F1 = "max_f1";
        public static final String MIN_PRECISION = "min_precision";
        public static final List<String> RULES = List.of(MAX_F1, MIN_PRECISION);

        public static Threshold fixed(double value) {
            return new Threshold(FIXED, value);
        }

        /** Whether the threshold is chosen on the validation split rather than given. */
        public boolean isChosen() {
            return !rule.equals(FIXED);
        }

        /** As the spec and reports show it: {@code 0.5}, {@code max_f1}, {@code min_precision 0.9}. */
        public String describe() {
            return switch (rule) {
                case FIXED -> Double.toString(value);
                case MIN_PRECISION -> rule + " " + value;
                default -> rule;
            };
        }
    }

    /** One condition of the quality gate, e.g. auc >= 0.8. */
    public record GateCondition(String metric, Optional<Value<Double>> min, Optional<Value<Double>> max) {
    }

    /**
     * Where and how the model is registered. A build registers PendingManualApproval (a person
     * approves it) unless {@code autoApprove} is set in the spec, where a reviewer sees it in Git.
     */
    public record Registration(Value<String> modelPackageGroup, Optional<AutoApproval> autoApprove,
                               List<String> contentTypes, List<String> responseTypes) {

        /** The status a build registers with: Approved only when the spec itself says so. */
        public String approvalStatus() {
            return autoApprove.isPresent() ? "Approved" : "PendingManualApproval";
        }
    }

    /**
     * {@code registration.auto_approve} enabled: packages are registered Approved, recorded as
     * approved {@code by} the spec setting (file and key) for the configured {@code reason}.
     */
    public record AutoApproval(String by, String reason) {
    }
}
