package dev.mlops.ml;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** An evaluation report read as the XML document it is, with its charts' geometry. */
public final class ReportDocument {
    private final Document document;
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    private ReportDocument(Document document) {
        this.document = document;
    }

    /** Parses the page; fails the test with the parser's message when it is not well-formed. */
    public static ReportDocument parse(String html) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            return new ReportDocument(factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
            throw new AssertionError("the report is not well-formed XML: " + e.getMessage(), e);
        }
    }

    /** Elements matching an XPath expression, in document order. */
    public List<Element> all(String xpath) {
        try {
            NodeList nodes = (NodeList) this.xpath.evaluate(xpath, document, XPathConstants.NODESET);
            List<Element> found = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                found.add((Element) nodes.item(i));
            }
            return found;
        } catch (Exception e) {
            throw new IllegalArgumentException("bad XPath " + xpath, e);
        }
    }

    /** The text of the whole page, tags removed. */
    public String text() {
        return document.getDocumentElement().getTextContent();
    }

    /** The chart whose svg has this id, or an AssertionError naming the ids there are. */
    public ChartView chart(String id) {
        List<Element> svg = all("//svg[@id='" + id + "']");
        if (svg.size() != 1) {
            throw new AssertionError("expected one chart '" + id + "', found " + svg.size() + " among "
                    + all("//svg").stream().map(e -> e.getAttribute("id")).toList());
        }
        return new ChartView(this, svg.get(0), "//svg[@id='" + id + "']");
    }

    /** XPath test for one class among several in a class attribute. */
    static String hasClass(String name) {
        return "contains(concat(' ', normalize-space(@class), ' '), ' " + name + " ')";
    }

    /** One chart: its plot area, axes, series, markers and legend. */
    public record ChartView(ReportDocument page, Element svg, String path) {

        public List<Element> all(String relative) {
            return page.all(path + relative);
        }

        public double[] plotArea() {
            Element rect = all("/rect[" + hasClass("plot-area") + "]").get(0);
            double x = number(rect, "x");
            double y = number(rect, "y");
            return new double[] {x, y, x + number(rect, "width"), y + number(rect, "height")};
        }

        public List<String> tickLabels(String axis) {
            return all("/g[" + hasClass(axis) + "]//text[" + hasClass("tick-label") + "]").stream()
                    .map(Element::getTextContent).toList();
        }

        public String axisTitle(String axis) {
            return all("/g[" + hasClass(axis) + "]/text[" + hasClass("axis-title") + "]").get(0).getTextContent();
        }

        public List<String> legend() {
            return all("/g[" + hasClass("legend") + "]/g[" + hasClass("legend-entry") + "]").stream()
                    .map(Element::getTextContent).toList();
        }

        /** The points of the series whose name starts with {@code prefix}. */
        public List<double[]> series(String prefix) {
            List<Element> lines = all("//polyline[" + hasClass("series") + " and starts-with(@data-name, '" + prefix + "')]");
            if (lines.size() != 1) {
                throw new AssertionError("expected one series named '" + prefix + "...', found " + lines.size());
            }
            return points(lines.get(0).getAttribute("points"));
        }

        public List<double[]> allPoints() {
            List<double[]> points = new ArrayList<>();
            all("//polyline").forEach(line -> points.addAll(points(line.getAttribute("points"))));
            all("//circle[" + hasClass("marker") + "]").forEach(c -> points.add(new double[] {number(c, "cx"), number(c, "cy")}));
            return points;
        }

        /**
         * Where a value falls on an axis, read from the chart itself: the positions of its first
         * and last tick marks and the numbers their labels show.
         */
        public java.util.function.DoubleUnaryOperator scale(String axis) {
            List<Element> ticks = all("/g[" + hasClass(axis) + "]/line[" + hasClass("tick") + "]");
            List<String> labels = tickLabels(axis);
            String coordinate = axis.equals("x-axis") ? "x1" : "y1";
            double v0 = Double.parseDouble(labels.get(0));
            double v1 = Double.parseDouble(labels.get(labels.size() - 1));
            double p0 = number(ticks.get(0), coordinate);
            double p1 = number(ticks.get(ticks.size() - 1), coordinate);
            return value -> p0 + (value - v0) / (v1 - v0) * (p1 - p0);
        }

        public double[] marker() {
            Element c = all("//circle[" + hasClass("marker") + "]").get(0);
            return new double[] {number(c, "cx"), number(c, "cy")};
        }

        private static List<double[]> points(String text) {
            List<double[]> points = new ArrayList<>();
            for (String pair : text.trim().split("\\s+")) {
                String[] xy = pair.split(",");
                points.add(new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])});
            }
            return points;
        }

        static double number(Element e, String attribute) {
            return Double.parseDouble(e.getAttribute(attribute));
        }
    }
}
