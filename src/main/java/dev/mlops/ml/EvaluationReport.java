package dev.mlops.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A self-contained HTML page of one evaluation (inline SVG, no scripts, nothing fetched): the
 * quality gate's verdict and rules, the metrics at the chosen threshold next to those of the
 * versions environments serve, ROC, precision-recall, threshold, confusion-matrix, feature
 * importance and training charts with axes and legends, and the parameters. The page is also
 * well-formed XML, so tests read it as a document.
 */
public final class EvaluationReport {
    private static final List<String> HEADLINE = List.of("auc", "accuracy", "precision", "recall", "f1");
    private static final String STYLE = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem;"
            + "color:#1f2328;max-width:1500px}h1{font-size:1.45rem}h2{font-size:1.15rem;margin-top:2rem}"
            + "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #d0d7de;padding:.3rem .6rem;"
            + "text-align:right}th{background:#f6f8fa}th:first-child{text-align:left}td.text,th.text{text-align:left}.pass{color:#1a7f37}"
            + ".fail{color:#cf222e}.verdict{font-size:1.1rem;font-weight:600;padding:.6rem 1rem;border-radius:6px;"
            + "display:inline-block}.verdict.pass{background:#dafbe1}.verdict.fail{background:#ffebe9}"
            + ".charts{display:flex;flex-wrap:wrap;gap:1.5rem 2rem}figure{margin:0}figcaption{font-weight:600;"
            + "margin-bottom:.3rem}figure p{max-width:470px;font-size:.85rem;color:#57606a;margin:.2rem 0}"
            + ".delta{color:#57606a;font-size:.85em}.tables{display:flex;flex-wrap:wrap;gap:0 3rem;align-items:flex-start}"
            + "svg text{font-size:11px;fill:#1f2328}svg .axis-title{font-size:12px;font-weight:600}";

    /** The threshold the metrics are computed at, and the rule that chose it when one did. */
    public record Threshold(double value, Optional<String> rule) {

        String label() {
            return trim(value);
        }

        static String trim(double number) {
            return ReportCharts.f4(number).replaceAll("(\\.\\d*?)0+$", "$1").replaceAll("\\.$", "");
        }
    }

    /** The eval metric XGBoost computed per boosting round, per watched split (train, validation). */
    public record TrainingCurve(String metric, Map<String, List<Double>> perSplit) {
    }

    /** One quality-gate condition as it was checked: the metric's value against its bounds. */
    public record GateRule(String metric, double value, OptionalDouble min, OptionalDouble max, boolean passed,
                           boolean builtIn) {
    }

    /** A version that serves an environment now, with the metrics the registry recorded for it. */
    public record Baseline(String env, String version, Map<String, Double> metrics, String evaluatedOn) {
    }

    /** What the page shows besides the metrics themselves. */
    public record Context(String title, Map<String, String> facts, Threshold threshold, List<GateRule> gate,
                          List<Baseline> serving, Map<String, Double> importance, TrainingCurve training,
                          Map<String, Object> parameters, Map<String, Object> hyperparameters) {
    }

    private EvaluationReport() {
    }

    public static String html(BinaryMetrics m, Context context) {
        StringBuilder page = new StringBuilder(65_536);
        page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/><title>")
                .append(escape(context.title())).append("</title><style>").append(STYLE).append("</style></head><body>")
                .append("<h1>").append(escape(context.title())).append("</h1>");
        page.append(table(List.of(), context.facts().entrySet().stream()
                .map(e -> List.of("<th class=\"text\">" + escape(e.getKey()) + "</th>", text(e.getValue()))).toList()));
        page.append("<div class=\"tables\"><section>");
        gate(page, context.gate());
        page.append("</section><section>");
        metrics(page, m, context);
        page.append("</section></div>");
        Threshold t = context.threshold();
        page.append("<h2>Charts</h2><div class=\"charts\">")
                .append(figure("ROC curve", ReportCharts.roc(m, t), "How well the scores rank failures above"
                        + " non-failures at every threshold; the dashed diagonal is a model that guesses."))
                .append(figure("Precision-recall curve", ReportCharts.precisionRecall(m, t), "Of the rows predicted to"
                        + " fail, the share that did (precision), against the share of failures caught (recall); the"
                        + " dashed line is the failure rate, what predicting \u201cfailure\u201d for every row achieves."))
                .append(figure("Precision, recall and F1 by threshold", ReportCharts.threshold(m, t), "What each"
                        + " threshold would give on this split; the dashed line is the threshold the metrics use."))
                .append(figure("Confusion matrix", ReportCharts.confusion(m, t), "Rows of the evaluation split by actual"
                        + " and predicted class at the threshold, with each cell's share of its actual class."))
                .append(figure("Feature importance", ReportCharts.importance(context.importance()), "Total gain"
                        + " (loss reduction) of the splits on each feature over all trees, largest first."));
        if (context.training().perSplit().values().stream().anyMatch(v -> !v.isEmpty())) {
            page.append(figure("Training curve", ReportCharts.training(context.training()), "The eval metric XGBoost"
                    + " reported after each boosting round, per split it watched."));
        }
        page.append("</div><h2>Parameters</h2><div class=\"tables\">")
                .append(valueTable("pipeline parameter", context.parameters()))
                .append(valueTable("training hyperparameter", context.hyperparameters()))
                .append("</div>");
        return page.append("</body></html>\n").toString();
    }

    private static void gate(StringBuilder page, List<GateRule> rules) {
        boolean passed = rules.stream().allMatch(GateRule::passed);
        page.append("<h2>Quality gate</h2><p class=\"verdict ").append(passed ? "pass\">Quality gate passed" : "fail\">"
                + "Quality gate failed").append(": ").append(rules.stream().filter(GateRule::passed).count()).append(" of ")
                .append(rules.size()).append(" rules hold</p>");
        page.append(table(List.of("rule", "value", "bound", "result"), rules.stream().map(r -> List.of(
                text(r.metric() + (r.builtIn() ? " (built in: the model must predict both classes)" : "")),
                "<td>" + number(r.metric(), r.value()) + "</td>", "<td>" + bound(r) + "</td>",
                "<td class=\"" + (r.passed() ? "pass\">pass" : "fail\">fail") + "</td>")).toList()));
    }

    /** A bound as the spec writes it: 0.8, not 0.8000. */
    private static String bound(GateRule r) {
        String min = r.min().isPresent() ? "\u2265 " + Threshold.trim(r.min().getAsDouble()) : "";
        String max = r.max().isPresent() ? "\u2264 " + Threshold.trim(r.max().getAsDouble()) : "";
        return min.isEmpty() || max.isEmpty() ? min + max : min + " and " + max;
    }

    private static void metrics(StringBuilder page, BinaryMetrics m, Context context) {
        Threshold t = context.threshold();
        page.append("<h2>Metrics</h2><p>At threshold <strong>").append(t.label()).append("</strong> (a score above it"
                + " predicts failure), ").append(escape(t.rule().map(r -> "chosen by the rule: " + r)
                .orElse("as the pipeline spec sets it"))).append(".</p>");
        List<String> header = new ArrayList<>(List.of("metric", "this build"));
        context.serving().forEach(b -> header.add(escape(b.env()) + " serves " + escape(b.version())));
        Map<String, Double> own = Map.of("auc", m.auc(), "accuracy", m.accuracy(), "precision", m.precision(),
                "recall", m.recall(), "f1", m.f1());
        List<List<String>> rows = new ArrayList<>();
        for (String name : HEADLINE) {
            List<String> row = new ArrayList<>(List.of(text(name), "<td>" + ReportCharts.f4(own.get(name)) + "</td>"));
            for (Baseline b : context.serving()) {
                Double theirs = b.metrics().get(name);
                row.add(theirs == null ? "<td>-</td>" : "<td>" + ReportCharts.f4(theirs) + " <span class=\"delta\">(this build "
                        + String.format(Locale.ROOT, "%+.4f", own.get(name) - theirs) + ")</span></td>");
            }
            rows.add(row);
        }
        page.append(table(header, rows));
        if (context.serving().isEmpty()) {
            page.append("<p>No environment serves a version yet, so there is nothing to compare with.</p>");
        }
        // Each version's metrics are those of its own build, on that build's held-out rows.
        context.serving().forEach(b -> page.append("<p class=\"delta\">").append(escape(b.version())).append(" as measured"
                + " when it was built: ").append(escape(b.evaluatedOn())).append("</p>"));
    }

    private static String figure(String caption, String svg, String note) {
        return "<figure><figcaption>" + escape(caption) + "</figcaption>" + svg + "<p>" + escape(note) + "</p></figure>";
    }

    private static String valueTable(String what, Map<String, Object> values) {
        return table(List.of(what, "value"), values.entrySet().stream()
                .map(e -> List.of(text(e.getKey()), text(String.valueOf(e.getValue())))).toList());
    }

    private static String table(List<String> header, List<List<String>> rows) {
        StringBuilder table = new StringBuilder("<table>");
        if (!header.isEmpty()) {
            table.append("<tr>");
            header.forEach(h -> table.append("<th>").append(h).append("</th>"));
            table.append("</tr>");
        }
        rows.forEach(cells -> table.append("<tr>").append(String.join("", cells)).append("</tr>"));
        return table.append("</table>").toString();
    }

    private static String text(String value) {
        return "<td class=\"text\">" + escape(value) + "</td>";
    }

    private static String number(String metric, double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 && !HEADLINE.contains(metric)
                ? Long.toString((long) value) : ReportCharts.f4(value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
