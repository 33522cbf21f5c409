package dev.mlops.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One inline-SVG chart: a plot area, an x and a y axis with ticks, tick labels and titles, series
 * drawn in data coordinates, and a legend under the plot. Every chart of the evaluation report is
 * one of these, so they all read the same way; the class names ({@code plot-area}, {@code axis},
 * {@code tick-label}, {@code series}, {@code legend-entry}) are what tests look for.
 */
final class Chart {
    private static final int WIDTH = 470;
    private static final int PLOT_HEIGHT = 240;
    private static final int TOP = 14;
    private static final int RIGHT = 18;
    private static final int BELOW_PLOT = 50;
    private static final int LEGEND_LINE = 18;
    private static final double CHAR_WIDTH = 6.6;
    /** The legend starts near the left edge, not at the plot, so long entries fit beside a wide y axis. */
    private static final int LEGEND_LEFT = 20;

    /** A tick at {@code value}, labelled {@code label}. */
    record Tick(double value, String label) {
    }

    /** An axis: its title, the range it spans and its ticks. */
    record Axis(String title, double min, double max, List<Tick> ticks) {

        /** A numeric axis over exactly [min, max], ticked at round steps. */
        static Axis linear(String title, double min, double max) {
            return ticked(title, min, max, step(max - min));
        }

        private static Axis ticked(String title, double min, double max, double step) {
            List<Tick> ticks = new ArrayList<>();
            for (double v = Math.ceil(min / step - 1e-9) * step; v <= max + step * 1e-9; v += step) {
                ticks.add(new Tick(v, number(v, step)));
            }
            return new Axis(title, min, max, List.copyOf(ticks));
        }

        /** A numeric axis widened to round steps around the values it must show. */
        static Axis around(String title, double low, double high) {
            double span = high - low;
            if (!(span > 0)) {
                double pad = low == 0 ? 1 : Math.abs(low) * 0.05;
                return linear(title, low - pad, high + pad);
            }
            double step = step(span);
            return ticked(title, Math.floor(low / step) * step, Math.ceil(high / step) * step, step);
        }

        /** One band per name, the first at the low end (left, or bottom), ticked at its middle. */
        static Axis categories(String title, List<String> names) {
            List<Tick> ticks = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                ticks.add(new Tick(i + 0.5, names.get(i)));
            }
            return new Axis(title, 0, names.size(), List.copyOf(ticks));
        }

        private static double step(double span) {
            double raw = span / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double fraction = raw / magnitude;
            return (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * magnitude;
        }

        private static String number(double value, double step) {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            String text = String.format(Locale.ROOT, "%." + decimals + "f", value);
            return text.matches("-0(\\.0*)?") ? text.substring(1) : text;
        }
    }

    private enum Swatch { LINE, DASHED, MARKER, BOX }

    private record LegendEntry(String label, String colour, Swatch swatch) {
    }

    private final String id;
    private final String title;
    private final Axis x;
    private final Axis y;
    private final int left;
    private final int plotWidth;
    private final StringBuilder body = new StringBuilder();
    private final List<LegendEntry> legend = new ArrayList<>();

    Chart(String id, String title, Axis x, Axis y) {
        this.id = id;
        this.title = title;
        this.x = x;
        this.y = y;
        int widest = y.ticks().stream().mapToInt(t -> t.label().length()).max().orElse(1);
        this.left = (int) Math.max(58, 30 + widest * CHAR_WIDTH);
        this.plotWidth = WIDTH - left - RIGHT;
    }

    double px(double value) {
        return left + (value - x.min()) / (x.max() - x.min()) * plotWidth;
    }

    double py(double value) {
        return TOP + PLOT_HEIGHT - (value - y.min()) / (y.max() - y.min()) * PLOT_HEIGHT;
    }

    /** A polyline through (xs[i], ys[i]); points that fall on the same pixel as the one before are drawn once. */
    Chart line(String label, String colour, boolean dashed, double[] xs, double[] ys) {
        body.append("<polyline class=\"series\" data-name=\"").append(EvaluationReport.escape(label))
                .append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                .append(dashed ? " stroke-dasharray=\"5 4\"" : "").append(" points=\"");
        String previous = "";
        for (int i = 0; i < xs.length; i++) {
            String point = String.format(Locale.ROOT, "%.1f,%.1f", px(xs[i]), py(ys[i]));
            if (!point.equals(previous)) {
                body.append(point).append(' ');
            }
            previous = point;
        }
        body.setLength(body.length() - 1);
        body.append("\"/>");
        legend.add(new LegendEntry(label, colour, dashed ? Swatch.DASHED : Swatch.LINE));
        return this;
    }

    /** A point marked with a ring; its legend entry says what it is. */
    Chart marker(String label, String colour, double vx, double vy) {
        body.append(String.format(Locale.ROOT, "<circle class=\"marker\" data-name=\"%s\" cx=\"%.1f\" cy=\"%.1f\" r=\"5\""
                + " fill=\"none\" stroke=\"%s\" stroke-width=\"2.5\"/>", EvaluationReport.escape(label), px(vx), py(vy), colour));
        legend.add(new LegendEntry(label, colour, Swatch.MARKER));
        return this;
    }

    /** A filled box from (x0, y0) to (x1, y1) in data coordinates, with an optional text at its centre. */
    Chart box(String colour, double[] from, double[] to, String text) {
        double bx = Math.min(px(from[0]), px(to[0]));
        double by = Math.min(py(from[1]), py(to[1]));
        double bw = Math.abs(px(to[0]) - px(from[0]));
        double bh = Math.abs(py(to[1]) - py(from[1]));
        body.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                + " fill=\"%s\"/>", bx, by, bw, bh, colour));
        if (!text.isEmpty()) {
            text(text, (from[0] + to[0]) / 2, (from[1] + to[1]) / 2, "middle");
        }
        return this;
    }

    /** A value label at (vx, vy), one SVG line per '\n'. */
    Chart text(String text, double vx, double vy, String anchor) {
        String[] lines = text.split("\n");
        double at = px(vx) + (anchor.equals("start") ? 4 : 0);
        double top = py(vy) + 4 - (lines.length - 1) * 7;
        body.append(String.format(Locale.ROOT, "<text class=\"value-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">",
                at, top, anchor));
        for (int i = 0; i < lines.length; i++) {
            body.append(String.format(Locale.ROOT, "<tspan x=\"%.1f\" dy=\"%d\">%s</tspan>", at, i == 0 ? 0 : 14,
                    EvaluationReport.escape(lines[i])));
        }
        body.append("</text>");
        return this;
    }

    /** What the legend says about boxes drawn with {@link #box}. */
    Chart legendBox(String label, String colour) {
        legend.add(new LegendEntry(label, colour, Swatch.BOX));
        return this;
    }

    String svg() {
        int legendTop = TOP + PLOT_HEIGHT + BELOW_PLOT;
        int height = legendTop + legend.size() * LEGEND_LINE + 6;
        StringBuilder svg = new StringBuilder(4096).append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"%s\" width=\"%d\" height=\"%d\""
                        + " viewBox=\"0 0 %d %d\" role=\"img\"><title>%s</title>", id, WIDTH, height, WIDTH, height,
                EvaluationReport.escape(title)));
        svg.append(String.format(Locale.ROOT, "<rect class=\"plot-area\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\""
                + " fill=\"#fcfcfd\" stroke=\"#d0d7de\"/>", left, TOP, plotWidth, PLOT_HEIGHT));
        xAxis(svg);
        yAxis(svg);
        svg.append("<g class=\"data\">").append(body).append("</g>");
        legend(svg, legendTop);
        return svg.append("</svg>").toString();
    }

    private void xAxis(StringBuilder svg) {
        double base = TOP + PLOT_HEIGHT;
        svg.append(String.format(Locale.ROOT, "<g class=\"axis x-axis\"><line class=\"axis-line\" x1=\"%d\" y1=\"%.1f\""
                + " x2=\"%d\" y2=\"%.1f\" stroke=\"#57606a\"/>", left, base, left + plotWidth, base));
        for (Tick tick : x.ticks()) {
            double at = px(tick.value());
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\""
                    + " stroke=\"#eaeef2\"/><line class=\"tick\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\""
                    + " stroke=\"#57606a\"/><text class=\"tick-label\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>",
                    at, TOP, at, base, at, base, at, base + 5, at, base + 18, EvaluationReport.escape(tick.label())));
        }
        svg.append(String.format(Locale.ROOT, "<text class=\"axis-title\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
                + "%s</text></g>", left + plotWidth / 2.0, base + 38, EvaluationReport.escape(x.title())));
    }

    private void yAxis(StringBuilder svg) {
        svg.append(String.format(Locale.ROOT, "<g class=\"axis y-axis\"><line class=\"axis-line\" x1=\"%d\" y1=\"%d\""
                + " x2=\"%d\" y2=\"%d\" stroke=\"#57606a\"/>", left, TOP, left, TOP + PLOT_HEIGHT));
        for (Tick tick : y.ticks()) {
            double at = py(tick.value());
            svg.append(String.format(Locale.ROOT, "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                    + " stroke=\"#eaeef2\"/><line class=\"tick\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                    + " stroke=\"#57606a\"/><text class=\"tick-label\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>",
                    left, at, left + plotWidth, at, left - 5, at, left, at, left - 8, at + 4,
                    EvaluationReport.escape(tick.label())));
        }
        double middle = TOP + PLOT_HEIGHT / 2.0;
        svg.append(String.format(Locale.ROOT, "<text class=\"axis-title\" x=\"14\" y=\"%.1f\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 14 %.1f)\">%s</text></g>", middle, middle, EvaluationReport.escape(y.title())));
    }

    private void legend(StringBuilder svg, int top) {
        svg.append("<g class=\"legend\">");
        for (int i = 0; i < legend.size(); i++) {
            LegendEntry entry = legend.get(i);
            int row = top + i * LEGEND_LINE;
            svg.append("<g class=\"legend-entry\">").append(switch (entry.swatch()) {
                case LINE, DASHED -> String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\""
                        + " stroke-width=\"2\"%s/>", LEGEND_LEFT, row, LEGEND_LEFT + 24, row, entry.colour(),
                        entry.swatch() == Swatch.DASHED ? " stroke-dasharray=\"5 4\"" : "");
                case MARKER -> String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"5\" fill=\"white\" stroke=\"%s\""
                        + " stroke-width=\"2.5\"/>", LEGEND_LEFT + 12, row, entry.colour());
                case BOX -> String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"24\" height=\"10\" fill=\"%s\"/>",
                        LEGEND_LEFT, row - 5, entry.colour());
            }).append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text></g>", LEGEND_LEFT + 32, row + 4,
                    EvaluationReport.escape(entry.label())));
        }
        svg.append("</g>");
    }
}
