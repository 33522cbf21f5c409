package dev.mlops.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The report's structure read as XML: every chart has axes, labelled ticks, a legend, and its data inside the plot. */
class EvaluationReportTest {
    static final List<String> CHARTS = List.of("roc", "precision-recall", "threshold", "confusion", "importance", "training");

    /** Scores of 600 rows, 40 of them positive, overlapping enough that every metric is strictly between 0 and 1. */
    static BinaryMetrics metrics(double threshold) {
        Random random = new Random(11);
        int n = 600;
        double[] scores = new double[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 15 == 0 ? 1 : 0;
            double centre = labels[i] == 1 ? 0.62 : 0.2;
            scores[i] = Math.min(0.99, Math.max(0.01, centre + 0.17 * random.nextGaussian()));
        }
        return BinaryMetrics.compute(scores, labels, threshold);
    }

    static EvaluationReport.Context context(double threshold, List<EvaluationReport.Baseline> serving) {
        Map<String, Double> importance = new LinkedHashMap<>();
        importance.put("Air temperature [K]", 210.5);
        importance.put("power = Torque [Nm] * Rotational speed [rpm]", 1530.25);
        importance.put("Tool wear [min]", 402.0);
        importance.put("Type=H", 0.0);
        Map<String, List<Double>> curves = new LinkedHashMap<>();
        curves.put("train", List.of(0.81, 0.88, 0.91, 0.93, 0.955, 0.962));
        curves.put("validation", List.of(0.79, 0.85, 0.87, 0.90, 0.905, 0.9));
        return new EvaluationReport.Context("Model evaluation: test / e-1", Map.of("pipeline", "test"),
                new EvaluationReport.Threshold(threshold, Optional.of("maximise F1 on the validation split")),
                List.of(new EvaluationReport.GateRule("predicted_positives", 31, OptionalDouble.of(1), OptionalDouble.empty(),
                                true, true),
                        new EvaluationReport.GateRule("auc", 0.9312, OptionalDouble.of(0.95), OptionalDouble.empty(), false, false)),
                serving, importance, new EvaluationReport.TrainingCurve("auc", curves),
                Map.of("max_depth", 3), Map.of("objective", "binary:logistic"));
    }

    static ReportDocument report(double threshold, List<EvaluationReport.Baseline> serving) {
        return ReportDocument.parse(EvaluationReport.html(metrics(threshold), context(threshold, serving)));
    }

    @Test
    void everyChartHasAxesLabelledTicksALegendAndItsDataInsideThePlotArea() {
        ReportDocument page = report(0.35, List.of());
        for (String id : CHARTS) {
            ReportDocument.ChartView chart = page.chart(id);
            double[] area = chart.plotArea();
            for (String axis : List.of("x-axis", "y-axis")) {
                assertEquals(1, chart.all("/g[" + ReportDocument.hasClass(axis) + "]/line[" + ReportDocument.hasClass("axis-line")
                        + "]").size(), id + " " + axis);
                List<String> labels = chart.tickLabels(axis);
                assertTrue(labels.size() >= 2, id + " " + axis + " has ticks: " + labels);
                assertTrue(labels.stream().noneMatch(String::isBlank), id + " " + axis + " labels every tick: " + labels);
                assertEquals(labels.size(), chart.all("/g[" + ReportDocument.hasClass(axis) + "]/line["
                        + ReportDocument.hasClass("tick") + "]").size(), id + " " + axis + ": one tick mark per label");
                assertFalse(chart.axisTitle(axis).isBlank(), id + " " + axis + " has a title");
            }
            assertFalse(chart.legend().isEmpty(), id + " has a legend");
            assertTrue(chart.legend().stream().noneMatch(String::isBlank), id + " legend entries have text");
            for (double[] p : chart.allPoints()) {
                assertTrue(p[0] >= area[0] - 0.05 && p[0] <= area[2] + 0.05 && p[1] >= area[1] - 0.05 && p[1] <= area[3] + 0.05,
                        id + ": point (" + p[0] + ", " + p[1] + ") outside the plot area " + java.util.Arrays.toString(area));
            }
        }
    }

    @Test
    void numbersInLegendsAndLabelsAreTheMetricsAtTheChosenThreshold() {
        BinaryMetrics m = metrics(0.35);
        ReportDocument page = report(0.35, List.of());
        assertTrue(page.chart("roc").legend().contains("ROC curve (AUC " + f4(m.auc()) + ")"), page.chart("roc").legend().toString());
        assertTrue(page.chart("roc").legend().contains("chance (AUC 0.5)"));
        List<String> pr = page.chart("precision-recall").legend();
        assertTrue(pr.contains("precision-recall (average precision " + f4(m.averagePrecision()) + ")"), pr.toString());
        assertTrue(pr.contains("prevalence baseline (" + f4(40 / 600.0) + ")"), pr.toString());
        assertTrue(pr.contains("threshold 0.35: recall " + f4(m.recall()) + ", precision " + f4(m.precision())), pr.toString());
        assertTrue(page.chart("threshold").legend().containsAll(List.of("precision", "recall", "F1",
                "threshold 0.35, maximise F1 on the validation split",
                "at 0.35: precision " + f4(m.precision()) + ", recall " + f4(m.recall()) + ", F1 " + f4(m.f1()))),
                page.chart("threshold").legend().toString());
        String cells = String.join("|", page.chart("confusion").all("//text[" + ReportDocument.hasClass("value-label") + "]")
                .stream().map(e -> e.getTextContent()).toList());
        long negatives = m.trueNegatives() + m.falsePositives();
        assertTrue(cells.contains("TN " + m.trueNegatives() + String.format(Locale.ROOT, "%.2f %%", 100.0 * m.trueNegatives()
                / negatives) + " of actual 0"), cells);
        assertTrue(cells.contains("FP " + m.falsePositives()) && cells.contains("FN " + m.falseNegatives())
                && cells.contains("TP " + m.truePositives() + String.format(Locale.ROOT, "%.2f %%", 100 * m.recall())), cells);
        assertEquals(List.of("train auc (round 6: 0.9620)", "validation auc (round 6: 0.9000)"), page.chart("training").legend());
        assertEquals("auc", page.chart("training").axisTitle("y-axis"));
        assertTrue(page.text().contains("chosen by the rule: maximise F1 on the validation split"), page.text());
    }

    @Test
    void chosenPointIsWhereItsMetricsAreAndOnItsCurve() {
        BinaryMetrics m = metrics(0.35);
        ReportDocument page = report(0.35, List.of());
        assertAt(page.chart("roc"), m.falsePositiveRate(), m.recall(), "ROC curve");
        assertAt(page.chart("precision-recall"), m.recall(), m.precision(), "precision-recall");
        assertAt(page.chart("threshold"), 0.35, m.f1(), "F1");
    }

    private static void assertAt(ReportDocument.ChartView chart, double x, double y, String curve) {
        double[] marker = chart.marker();
        double expectedX = chart.scale("x-axis").applyAsDouble(x);
        double expectedY = chart.scale("y-axis").applyAsDouble(y);
        assertTrue(Math.abs(marker[0] - expectedX) < 0.1 && Math.abs(marker[1] - expectedY) < 0.1, chart.path() + ": marker at ("
                + marker[0] + ", " + marker[1] + "), its metrics at (" + expectedX + ", " + expectedY + ")");
        double off = distance(marker, chart.series(curve));
        assertTrue(off < 0.2, chart.path() + ": the marker is " + off + " px from " + curve);
    }

    @Test
    void featureImportanceIsSortedByGainWithTheLargestOnTopAndNamesDerivedFeatures() {
        ReportDocument.ChartView chart = report(0.5, List.of()).chart("importance");
        List<String> bottomToTop = chart.tickLabels("y-axis");
        assertEquals(List.of("Type=H", "Air temperature [K]", "Tool wear [min]", "power = Torque [Nm] * Rotational speed [rpm]"),
                bottomToTop);
        List<String> values = chart.all("//text[" + ReportDocument.hasClass("value-label") + "]").stream()
                .map(e -> e.getTextContent()).toList();
        assertEquals(List.of("0.0", "210.5", "402.0", "1530.3"), values);
        List<Double> widths = chart.all("//rect[" + ReportDocument.hasClass("bar") + "]").stream()
                .map(e -> ReportDocument.ChartView.number(e, "width")).toList();
        for (int i = 1; i < widths.size(); i++) {
            assertTrue(widths.get(i) >= widths.get(i - 1), "bars grow towards the top: " + widths);
        }
    }

    @Test
    void gateShowsTheVerdictAndEachRuleWithValueAndBound() {
        ReportDocument page = report(0.5, List.of());
        List<String> rows = page.all("//table[tr/th='rule']/tr[td]").stream().map(e -> e.getTextContent()).toList();
        assertEquals(List.of("predicted_positives (built in: the model must predict both classes)31\u2265 1pass",
                "auc0.9312\u2265 0.95fail"), rows);
        assertTrue(page.text().contains("Quality gate failed: 1 of 2 rules hold"), page.text());
    }

    @Test
    void servingVersionsStandBesideThisBuildWithTheDifference() {
        BinaryMetrics m = metrics(0.5);
        Map<String, Double> staging = Map.of("auc", 0.9, "accuracy", 0.95, "precision", 0.5, "recall", 0.25, "f1", 0.3333);
        ReportDocument page = report(0.5, List.of(new EvaluationReport.Baseline("staging", "g/3", staging, "run 7 on data x")));
        List<String> header = page.all("//table[tr/th='this build']/tr/th").stream().map(e -> e.getTextContent()).toList();
        assertEquals(List.of("metric", "this build", "staging serves g/3"), header);
        String auc = page.all("//table[tr/th='this build']/tr[td='auc']").get(0).getTextContent();
        assertEquals("auc" + f4(m.auc()) + "0.9000 (this build " + String.format(Locale.ROOT, "%+.4f", m.auc() - 0.9) + ")", auc);
        assertTrue(page.text().contains("run 7 on data x"));
        assertTrue(report(0.5, List.of()).text().contains("No environment serves a version yet"));
    }

    @Test
    void isSelfContained() {
        String html = EvaluationReport.html(metrics(0.5), context(0.5, List.of()));
        assertFalse(html.contains("<script"), "no scripts");
        assertFalse(html.matches("(?s).*(src|href)=.*"), "nothing loaded from elsewhere");
        assertFalse(html.contains("url("), "no style loads anything");
    }

    @Test
    void leavesTheTrainingChartOutWhenNoRoundWasLogged() {
        EvaluationReport.Context full = context(0.5, List.of());
        EvaluationReport.Context none = new EvaluationReport.Context(full.title(), full.facts(), full.threshold(), full.gate(),
                full.serving(), full.importance(), new EvaluationReport.TrainingCurve("auc", Map.of("train", List.of())),
                full.parameters(), full.hyperparameters());
        ReportDocument page = ReportDocument.parse(EvaluationReport.html(metrics(0.5), none));
        assertTrue(page.all("//svg[@id='training']").isEmpty());
        assertEquals(5, page.all("//svg").size());
    }

    private static double distance(double[] p, List<double[]> line) {
        double best = Double.MAX_VALUE;
        for (int i = 1; i < line.size(); i++) {
            double[] a = line.get(i - 1);
            double[] b = line.get(i);
            double dx = b[0] - a[0];
            double dy = b[1] - a[1];
            double t = dx == 0 && dy == 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)));
            best = Math.min(best, Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy));
        }
        return best;
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
