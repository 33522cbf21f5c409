package dev.mlops.ml;

import dev.mlops.ml.BinaryMetrics.Point;
import dev.mlops.ml.Chart.Axis;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The charts of the evaluation report, each built on {@link Chart} from the metrics at the chosen threshold. */
final class ReportCharts {
    private static final String BLUE = "#1f6feb";
    private static final String ORANGE = "#d4760a";
    private static final String GREEN = "#2da44e";
    private static final String PURPLE = "#8250df";
    private static final String GREY = "#8c959f";
    private static final String RED = "#cf222e";

    private ReportCharts() {
    }

    static String roc(BinaryMetrics m, EvaluationReport.Threshold threshold) {
        List<Point> roc = m.roc();
        return new Chart("roc", "ROC curve", Axis.linear("false positive rate", 0, 1),
                Axis.linear("true positive rate (recall)", 0, 1))
                .line("chance (AUC 0.5)", GREY, true, new double[] {0, 1}, new double[] {0, 1})
                .line("ROC curve (AUC " + f4(m.auc()) + ")", BLUE, false, xs(roc), ys(roc))
                .marker("threshold " + threshold.label() + ": FPR " + f4(m.falsePositiveRate()) + ", TPR "
                        + f4(m.recall()), ORANGE, m.falsePositiveRate(), m.recall())
                .svg();
    }

    /** Drawn as steps, so the area under the line is the average precision shown. */
    static String precisionRecall(BinaryMetrics m, EvaluationReport.Threshold threshold) {
        List<Point> pr = m.precisionRecall();
        double[] rs = new double[2 * pr.size()];
        double[] ps = new double[2 * pr.size()];
        double previous = 0;
        for (int i = 0; i < pr.size(); i++) {
            rs[2 * i] = previous;
            rs[2 * i + 1] = pr.get(i).x();
            ps[2 * i] = pr.get(i).y();
            ps[2 * i + 1] = pr.get(i).y();
            previous = pr.get(i).x();
        }
        return new Chart("precision-recall", "Precision-recall curve", Axis.linear("recall", 0, 1),
                Axis.linear("precision", 0, 1))
                .line("prevalence baseline (" + f4(m.prevalence()) + ")", GREY, true, new double[] {0, 1},
                        new double[] {m.prevalence(), m.prevalence()})
                .line("precision-recall (average precision " + f4(m.averagePrecision()) + ")", BLUE, false, rs, ps)
                .marker("threshold " + threshold.label() + ": recall " + f4(m.recall()) + ", precision "
                        + f4(m.precision()), ORANGE, m.recall(), m.precision())
                .svg();
    }

    /**
     * Precision, recall and F1 of "score &gt; t" for every t: a step function that changes at each
     * distinct score s (from s on, the rows scoring s are no longer predicted 1).
     */
    static String threshold(BinaryMetrics m, EvaluationReport.Threshold threshold) {
        List<Point> ascending = new ArrayList<>(m.precisionRecall());
        Collections.reverse(ascending);
        int n = ascending.size();
        double low = Math.min(0, Math.min(ascending.get(0).threshold(), threshold.value()));
        double high = Math.max(1, Math.max(ascending.get(n - 1).threshold(), threshold.value()));
        double[] ts = new double[2 * n + 2];
        double[][] values = new double[3][2 * n + 2];
        ts[0] = low;
        set(values, 0, ascending.get(0));
        for (int k = 0; k < n; k++) {
            ts[2 * k + 1] = ascending.get(k).threshold();
            set(values, 2 * k + 1, ascending.get(k));
            ts[2 * k + 2] = ascending.get(k).threshold();
            set(values, 2 * k + 2, k + 1 < n ? ascending.get(k + 1) : new Point(0, 0, high));
        }
        ts[2 * n + 1] = high;
        set(values, 2 * n + 1, new Point(0, 0, high));
        return new Chart("threshold", "Precision, recall and F1 by threshold",
                Axis.linear("threshold (a score above it predicts failure)", low, high), Axis.linear("value", 0, 1))
                .line("precision", BLUE, false, ts, values[0])
                .line("recall", ORANGE, false, ts, values[1])
                .line("F1", GREEN, false, ts, values[2])
                .line("threshold " + threshold.label() + threshold.rule().map(r -> ", " + r).orElse(""), GREY, true,
                        new double[] {threshold.value(), threshold.value()}, new double[] {0, 1})
                .marker("at " + threshold.label() + ": precision " + f4(m.precision()) + ", recall " + f4(m.recall())
                        + ", F1 " + f4(m.f1()), PURPLE, threshold.value(), m.f1())
                .svg();
    }

    private static void set(double[][] values, int at, Point pr) {
        values[0][at] = pr.y();
        values[1][at] = pr.x();
        values[2][at] = pr.x() + pr.y() == 0 ? 0 : 2 * pr.x() * pr.y() / (pr.x() + pr.y());
    }

    /** Counts and each count's share of its actual class, shaded by that share. */
    static String confusion(BinaryMetrics m, EvaluationReport.Threshold threshold) {
        long negatives = m.trueNegatives() + m.falsePositives();
        long positives = m.truePositives() + m.falseNegatives();
        Chart chart = new Chart("confusion", "Confusion matrix at threshold " + threshold.label(),
                Axis.categories("predicted class", List.of("0 (no failure)", "1 (failure)")),
                Axis.categories("actual class", List.of("1 (failure)", "0 (no failure)")));
        cell(chart, 0, 1, "TN", m.trueNegatives(), negatives, GREEN);
        cell(chart, 1, 1, "FP", m.falsePositives(), negatives, RED);
        cell(chart, 0, 0, "FN", m.falseNegatives(), positives, RED);
        cell(chart, 1, 0, "TP", m.truePositives(), positives, GREEN);
        return chart.legendBox("right: TN, TP (the darker, the larger the share of the actual class)", GREEN)
                .legendBox("wrong: FP, FN (the darker, the larger the share of the actual class)", RED)
                .svg();
    }

    private static void cell(Chart chart, int column, int row, String name, long count, long ofClass, String colour) {
        double share = ofClass == 0 ? 0 : (double) count / ofClass;
        String alpha = String.format(Locale.ROOT, "%02x", Math.round(40 + 160 * share));
        chart.box(colour + alpha, new double[] {column + 0.02, row + 0.02}, new double[] {column + 0.98, row + 0.98},
                name + " " + count + "\n" + String.format(Locale.ROOT, "%.2f %%", 100 * share) + " of actual "
                        + (row == 1 ? "0" : "1"));
    }

    /** Total gain per feature, largest at the top. */
    static String importance(Map<String, Double> gain) {
        List<Map.Entry<String, Double>> ascending = gain.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey(
                        Comparator.reverseOrder())))
                .toList();
        double max = ascending.isEmpty() ? 0 : ascending.get(ascending.size() - 1).getValue();
        Chart chart = new Chart("importance", "Feature importance", max > 0 ? Axis.around("total gain", 0, max * 1.2) : Axis.linear("total gain", 0, 1),
                Axis.categories("feature", ascending.stream().map(Map.Entry::getKey).toList()));
        for (int i = 0; i < ascending.size(); i++) {
            double value = ascending.get(i).getValue();
            chart.box(GREEN, new double[] {0, i + 0.2}, new double[] {value, i + 0.8}, "")
                    .text(String.format(Locale.ROOT, "%.1f", value), value, i + 0.5, "start");
        }
        return chart.legendBox("total gain of the splits on the feature, over all trees", GREEN).svg();
    }

    /** The eval metric per boosting round, one line per split XGBoost watched. */
    static String training(EvaluationReport.TrainingCurve curve) {
        List<String> splits = curve.perSplit().entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(Map.Entry::getKey).toList();
        int rounds = splits.stream().mapToInt(s -> curve.perSplit().get(s).size()).max().orElse(0);
        double low = splits.stream().flatMap(s -> curve.perSplit().get(s).stream()).mapToDouble(d -> d).min().orElse(0);
        double high = splits.stream().flatMap(s -> curve.perSplit().get(s).stream()).mapToDouble(d -> d).max().orElse(1);
        Chart chart = new Chart("training", "Training curve", Axis.around("boosting round", 1, Math.max(rounds, 2)),
                Axis.around(curve.metric(), low, high));
        String[] colours = {PURPLE, ORANGE, BLUE, GREEN};
        for (int s = 0; s < splits.size(); s++) {
            List<Double> values = curve.perSplit().get(splits.get(s));
            double[] xs = new double[values.size()];
            double[] ys = new double[values.size()];
            for (int i = 0; i < values.size(); i++) {
                xs[i] = i + 1;
                ys[i] = values.get(i);
            }
            chart.line(splits.get(s) + " " + curve.metric() + " (round " + values.size() + ": "
                    + f4(values.get(values.size() - 1)) + ")", colours[s % colours.length], false, xs, ys);
        }
        return chart.svg();
    }

    private static double[] xs(List<Point> points) {
        return points.stream().mapToDouble(Point::x).toArray();
    }

    private static double[] ys(List<Point> points) {
        return points.stream().mapToDouble(Point::y).toArray();
    }

    static String f4(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
