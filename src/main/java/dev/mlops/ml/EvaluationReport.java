package dev.mlops.ml;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page of one evaluation (no scripts, no network): headline metrics, ROC
 * and precision-recall curves as inline SVG, the confusion matrix, feature importance and the
 * training curve, for people who would rather look than read JSON.
 */
public final class EvaluationReport {
    private static final int SIZE = 320;

    /** What the page shows besides the metrics themselves. */
    public record Context(String title, Map<String, String> facts, Map<String, Double> importance,
                          List<Double> trainCurve, List<Double> validationCurve) {
    }

    private EvaluationReport() {
    }

    public static String html(BinaryMetrics m, Context context) {
        StringBuilder page = new StringBuilder(16_384);
        page.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(context.title())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2rem;color:#222}h1{font-size:1.4rem}")
                .append("table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}")
                .append("th{background:#f3f3f3}.charts{display:flex;flex-wrap:wrap;gap:2rem}figure{margin:0}")
                .append("figcaption{font-weight:600;margin-bottom:.3rem}</style></head><body>")
                .append("<h1>").append(escape(context.title())).append("</h1>");
        page.append("<table>");
        context.facts().forEach((k, v) -> page.append("<tr><th>").append(escape(k)).append("</th><td style=\"text-align:left\">")
                .append(escape(v)).append("</td></tr>"));
        page.append("</table><h2>Metrics</h2><table><tr><th>AUC</th><th>accuracy</th><th>precision</th><th>recall</th><th>F1</th></tr><tr>");
        for (double value : new double[] {m.auc(), m.accuracy(), m.precision(), m.recall(), m.f1()}) {
            page.append("<td>").append(format(value)).append("</td>");
        }
        page.append("</tr></table><h2>Confusion matrix</h2><table><tr><th></th><th>predicted 0</th><th>predicted 1</th></tr>")
                .append("<tr><th>actual 0</th><td>").append(m.trueNegatives()).append("</td><td>").append(m.falsePositives())
                .append("</td></tr><tr><th>actual 1</th><td>").append(m.falseNegatives()).append("</td><td>")
                .append(m.truePositives()).append("</td></tr></table><div class=\"charts\">");
        page.append(curve("ROC curve (AUC " + format(m.auc()) + ")", "false positive rate", "true positive rate", m.roc(), true));
        page.append(curve("Precision-recall curve", "recall", "precision", m.precisionRecall(), false));
        page.append(bars("Feature importance (total gain)", context.importance()));
        page.append(trainingCurve(context.trainCurve(), context.validationCurve()));
        return page.append("</div></body></html>\n").toString();
    }

    private static String curve(String title, String xLabel, String yLabel, List<BinaryMetrics.Point> points, boolean diagonal) {
        StringBuilder svg = frame(title, xLabel, yLabel);
        if (diagonal) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"40\" y1=\"%d\" x2=\"%d\" y2=\"10\" stroke=\"#bbb\" stroke-dasharray=\"4\"/>",
                    SIZE - 30, SIZE - 10));
        }
        svg.append("<polyline fill=\"none\" stroke=\"#1f6feb\" stroke-width=\"2\" points=\"");
        for (BinaryMetrics.Point p : points) {
            svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p.x()), y(p.y())));
        }
        return svg.append("\"/></svg></figure>").toString();
    }

    private static String bars(String title, Map<String, Double> values) {
        double max = values.values().stream().mapToDouble(Double::doubleValue).max().orElse(1);
        StringBuilder svg = new StringBuilder("<figure><figcaption>").append(escape(title)).append("</figcaption>")
                .append(String.format(Locale.ROOT, "<svg width=\"460\" height=\"%d\" role=\"img\">", 24 * values.size() + 10));
        int row = 0;
        for (Map.Entry<String, Double> entry : values.entrySet()) {
            double width = max == 0 ? 0 : 220 * entry.getValue() / max;
            svg.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>", 24 * row + 17,
                    escape(entry.getKey())));
            svg.append(String.format(Locale.ROOT, "<rect x=\"190\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"#2da44e\"/>",
                    24 * row + 5, width));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\">%.1f</text>", 195 + width,
                    24 * row + 17, entry.getValue()));
            row++;
        }
        return svg.append("</svg></figure>").toString();
    }

    private static String trainingCurve(List<Double> train, List<Double> validation) {
        if (train.isEmpty()) {
            return "";
        }
        double low = Math.min(train.stream().mapToDouble(d -> d).min().orElse(0),
                validation.stream().mapToDouble(d -> d).min().orElse(1));
        StringBuilder svg = frame("Training curve (eval metric per round, from " + format(low) + " to 1)", "round", "metric");
        appendSeries(svg, train, low, "#8250df");
        appendSeries(svg, validation, low, "#bf8700");
        return svg.append("<text x=\"50\" y=\"24\" font-size=\"11\" fill=\"#8250df\">train</text>")
                .append("<text x=\"50\" y=\"38\" font-size=\"11\" fill=\"#bf8700\">validation</text></svg></figure>").toString();
    }

    private static void appendSeries(StringBuilder svg, List<Double> values, double low, String colour) {
        if (values.isEmpty()) {
            return;
        }
        svg.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"");
        for (int i = 0; i < values.size(); i++) {
            double fx = values.size() == 1 ? 0 : (double) i / (values.size() - 1);
            double fy = low >= 1 ? 1 : (values.get(i) - low) / (1 - low);
            svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(fx), y(fy)));
        }
        svg.append("\"/>");
    }

    private static StringBuilder frame(String title, String xLabel, String yLabel) {
        return new StringBuilder("<figure><figcaption>").append(escape(title)).append("</figcaption>")
                .append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" role=\"img\">", SIZE + 10, SIZE + 10))
                .append(String.format(Locale.ROOT, "<rect x=\"40\" y=\"10\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>",
                        SIZE - 50, SIZE - 40))
                .append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>",
                        SIZE / 2 + 15, SIZE + 5, escape(xLabel)))
                .append(String.format(Locale.ROOT, "<text x=\"12\" y=\"%d\" font-size=\"11\" transform=\"rotate(-90 12 %d)\""
                        + " text-anchor=\"middle\">%s</text>", SIZE / 2, SIZE / 2, escape(yLabel)));
    }

    private static double x(double fraction) {
        return 40 + fraction * (SIZE - 50);
    }

    private static double y(double fraction) {
        return SIZE - 30 - fraction * (SIZE - 40);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
