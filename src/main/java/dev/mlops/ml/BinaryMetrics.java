package dev.mlops.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Binary-classification metrics of scores against labels, defined as scikit-learn defines them:
 * AUC is the area under the ROC curve with ties counted half (Mann-Whitney); a prediction is 1
 * when score &gt; threshold; precision, recall and F1 are 0 where their denominator is 0.
 * {@code threshold} is the one the counts use (given in the spec or chosen, see {@link ThresholdChoice}).
 */
public record BinaryMetrics(double auc, double accuracy, double precision, double recall, double f1,
                            long trueNegatives, long falsePositives, long falseNegatives, long truePositives,
                            List<Point> roc, List<Point> precisionRecall, double threshold) {

    /** A curve point: (false positive rate, true positive rate) or (recall, precision). */
    public record Point(double x, double y, double threshold) {
    }

    public static BinaryMetrics compute(double[] scores, int[] labels, double threshold) {
        if (scores.length != labels.length || scores.length == 0) {
            throw new IllegalArgumentException("scores and labels must be non-empty and of equal length");
        }
        long tp = 0;
        long fp = 0;
        long tn = 0;
        long fn = 0;
        for (int i = 0; i < scores.length; i++) {
            boolean predicted = scores[i] > threshold;
            boolean actual = labels[i] == 1;
            if (predicted && actual) {
                tp++;
            } else if (predicted) {
                fp++;
            } else if (actual) {
                fn++;
            } else {
                tn++;
            }
        }
        double precision = ratio(tp, tp + fp);
        double recall = ratio(tp, tp + fn);
        double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        double accuracy = (double) (tp + tn) / scores.length;
        List<List<Point>> curves = curves(scores, labels);
        return new BinaryMetrics(auc(scores, labels), accuracy, precision, recall, f1, tn, fp, fn, tp,
                curves.get(0), curves.get(1), threshold);
    }

    /**
     * Average precision as scikit-learn's {@code average_precision_score} defines it: the sum over
     * the precision-recall points of (R_n - R_n-1) * P_n, from recall 0; no interpolation.
     */
    public double averagePrecision() {
        double sum = 0;
        double previousRecall = 0;
        for (Point p : precisionRecall) {
            sum += (p.x() - previousRecall) * p.y();
            previousRecall = p.x();
        }
        return sum;
    }

    /** The share of rows whose label is 1: the precision of a model that predicts 1 for every row. */
    public double prevalence() {
        return (double) (truePositives + falseNegatives) / (truePositives + falseNegatives + trueNegatives + falsePositives);
    }

    /** The share of rows labelled 0 that the threshold predicts 1. */
    public double falsePositiveRate() {
        return ratio(falsePositives, falsePositives + trueNegatives);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /** Rank-sum AUC with average ranks for ties; NaN when only one class is present. */
    static double auc(double[] scores, int[] labels) {
        Integer[] order = sortedAscending(scores);
        double[] ranks = new double[scores.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = rank;
            }
            i = j + 1;
        }
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double rankSum = 0;
        for (int k = 0; k < labels.length; k++) {
            if (labels[k] == 1) {
                rankSum += ranks[k];
            }
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }

    /** ROC and precision-recall points at every distinct score, from the highest threshold down. */
    private static List<List<Point>> curves(double[] scores, int[] labels) {
        Integer[] order = sortedAscending(scores);
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        long negatives = labels.length - positives;
        List<Point> roc = new ArrayList<>(List.of(new Point(0, 0, Double.POSITIVE_INFINITY)));
        List<Point> pr = new ArrayList<>();
        long tp = 0;
        long fp = 0;
        for (int k = order.length - 1; k >= 0; k--) {
            if (labels[order[k]] == 1) {
                tp++;
            } else {
                fp++;
            }
            if (k > 0 && scores[order[k - 1]] == scores[order[k]]) {
                continue;
            }
            double threshold = scores[order[k]];
            roc.add(new Point(ratio(fp, negatives), ratio(tp, positives), threshold));
            pr.add(new Point(ratio(tp, positives), ratio(tp, tp + fp), threshold));
        }
        return List.of(List.copyOf(roc), List.copyOf(pr));
    }

    private static Integer[] sortedAscending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int k = 0; k < order.length; k++) {
            order[k] = k;
        }
        Arrays.sort(order, Comparator.comparingDouble(k -> scores[k]));
        return order;
    }
}
