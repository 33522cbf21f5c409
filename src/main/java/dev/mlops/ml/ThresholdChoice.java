package dev.mlops.ml;

import dev.mlops.spec.PipelineSpec.Threshold;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The decision threshold (label 1 when score &gt; threshold) and how it was set: given in the spec,
 * or chosen on the validation split by a rule. Candidates lie halfway between two neighbouring
 * distinct validation scores, so "score &gt; candidate" keeps exactly the rows scoring at least the
 * higher one. {@code max_f1} takes the best F1 (on a tie, the higher threshold: fewer false alarms);
 * {@code min_precision} the lowest threshold whose precision is at least P (the most failures caught
 * at that precision). When no candidate satisfies the rule, {@code failure} says why and the
 * threshold falls back to 0.5 so the evaluation can still be reported; the quality gate fails.
 * evaluate.py chooses with the same arithmetic.
 */
public record ThresholdChoice(double threshold, Threshold rule, Optional<String> failure) {
    static final double FALLBACK = 0.5;

    public static ThresholdChoice fixed(Threshold rule) {
        return new ThresholdChoice(rule.value(), rule, Optional.empty());
    }

    /** Applies {@code rule} to the validation scores and labels. */
    public static ThresholdChoice choose(Threshold rule, double[] scores, int[] labels) {
        if (!rule.isChosen()) {
            return fixed(rule);
        }
        double[] distinct = Arrays.stream(scores).distinct().sorted().toArray();
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        if (distinct.length < 2 || positives == 0) {
            return failed(rule, "the validation split cannot choose it (" + scores.length + " rows, " + positives
                    + " positive, " + distinct.length + " distinct score" + (distinct.length == 1 ? "" : "s") + ")");
        }
        int[] order = descending(scores);
        long tp = 0;
        long fp = 0;
        int next = 0;
        double best = -1;
        double bestThreshold = Double.NaN;
        double bestPrecision = 0;
        for (int k = distinct.length - 1; k >= 1; k--) {
            double score = distinct[k];
            while (next < order.length && scores[order[next]] == score) {
                if (labels[order[next++]] == 1) {
                    tp++;
                } else {
                    fp++;
                }
            }
            double candidate = (score + distinct[k - 1]) / 2;
            double precision = (double) tp / (tp + fp);
            double recall = (double) tp / positives;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            bestPrecision = Math.max(bestPrecision, precision);
            if (rule.rule().equals(Threshold.MAX_F1) && f1 > best) {
                best = f1;
                bestThreshold = candidate;
            } else if (rule.rule().equals(Threshold.MIN_PRECISION) && precision >= rule.value()) {
                bestThreshold = candidate;
            }
        }
        if (Double.isNaN(bestThreshold) || (rule.rule().equals(Threshold.MAX_F1) && best <= 0)) {
            return failed(rule, rule.rule().equals(Threshold.MAX_F1)
                    ? "no threshold catches a failure of the validation split"
                    : String.format(Locale.ROOT, "no threshold reaches precision %s on the validation split (the best"
                    + " is %.4f)", rule.value(), bestPrecision));
        }
        return new ThresholdChoice(bestThreshold, rule, Optional.empty());
    }

    private static ThresholdChoice failed(Threshold rule, String why) {
        return new ThresholdChoice(FALLBACK, rule, Optional.of("threshold rule " + rule.describe() + " is not"
                + " satisfied: " + why));
    }

    private static int[] descending(double[] scores) {
        return java.util.stream.IntStream.range(0, scores.length).boxed()
                .sorted((a, b) -> Double.compare(scores[b], scores[a])).mapToInt(Integer::intValue).toArray();
    }
}
