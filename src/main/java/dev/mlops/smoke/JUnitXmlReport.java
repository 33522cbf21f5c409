package dev.mlops.smoke;

import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link SmokeReport} as a JUnit XML file in the shape Maven Surefire writes and
 * Jenkins' {@code junit} step reads: one {@code testsuite}, one {@code testcase} per case with
 * classname {@code smoke.<env>}, a {@code failure} for unmet expectations and an {@code error}
 * when there was no answer.
 */
public final class JUnitXmlReport {
    private JUnitXmlReport() {
    }

    /** The file name for an environment: {@code TEST-smoke-<env>.xml}. */
    public static String fileName(String env) {
        return "TEST-smoke-" + env + ".xml";
    }

    /** Writes {@code TEST-smoke-<env>.xml} into {@code dir} and returns its path. */
    public static Path write(SmokeReport report, Path dir) {
        return ReportFiles.write(dir.resolve(fileName(report.env())), render(report));
    }

    public static String render(SmokeReport report) {
        String classname = "smoke." + report.env();
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        xml.append("<testsuite name=\"").append(Xml.attribute(classname))
                .append("\" tests=\"").append(report.tests())
                .append("\" failures=\"").append(report.failures())
                .append("\" errors=\"").append(report.errors())
                .append("\" skipped=\"0\" time=\"").append(seconds(report.durationMs()))
                .append("\" timestamp=\"").append(timestamp(report)).append("\">\n");
        xml.append("  <properties>\n");
        property(xml, "suite", report.suiteName());
        property(xml, "env", report.env());
        property(xml, "url", report.baseUrl());
        report.version().ifPresent(v -> property(xml, "version", v));
        xml.append("  </properties>\n");
        report.cases().forEach(c -> testcase(xml, classname, c));
        return xml.append("</testsuite>\n").toString();
    }

    private static void testcase(StringBuilder xml, String classname, CaseResult result) {
        xml.append("  <testcase classname=\"").append(Xml.attribute(classname))
                .append("\" name=\"").append(Xml.attribute(result.name()))
                .append("\" time=\"").append(seconds(result.latencyMs())).append('"');
        if (result.passed()) {
            xml.append("/>\n");
            return;
        }
        String element = result.error().isPresent() ? "error" : "failure";
        String type = result.error().isPresent() ? "SmokeError" : "SmokeExpectationFailure";
        List<String> problems = result.problems();
        xml.append(">\n    <").append(element)
                .append(" message=\"").append(Xml.attribute(problems.get(0)))
                .append("\" type=\"").append(type).append("\">")
                .append(Xml.text(details(result, problems)))
                .append("</").append(element).append(">\n  </testcase>\n");
    }

    private static String details(CaseResult result, List<String> problems) {
        StringBuilder text = new StringBuilder(String.join("\n", problems));
        result.status().ifPresent(s -> text.append("\nstatus: ").append(s));
        text.append("\nlatency: ").append(result.latencyMs()).append(" ms");
        if (!result.responseExcerpt().isEmpty()) {
            text.append("\nresponse: ").append(result.responseExcerpt());
        }
        return text.toString();
    }

    private static void property(StringBuilder xml, String name, String value) {
        xml.append("    <property name=\"").append(Xml.attribute(name))
                .append("\" value=\"").append(Xml.attribute(value)).append("\"/>\n");
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static String timestamp(SmokeReport report) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                report.startedAt().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC).toLocalDateTime());
    }
}
