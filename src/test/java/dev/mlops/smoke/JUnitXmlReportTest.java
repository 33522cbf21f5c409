package dev.mlops.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class JUnitXmlReportTest {
    static final String HOSTILE = "a <b> & \"c\" 'd' ]]> e\u0001f\u001bg\ttab\nline";

    @TempDir
    Path dir;

    static SmokeReport report() {
        CaseResult passed = new CaseResult("passes", OptionalInt.of(200), 12, List.of(), Optional.empty(), "{}", CaseResult.Answerer.NONE);
        CaseResult failed = new CaseResult("fails " + HOSTILE, OptionalInt.of(500), 1234,
                List.of(new ExpectationFailure("status", "200", "500"),
                        new ExpectationFailure("body", "to contain 'x'", "'" + HOSTILE + "'")),
                Optional.empty(), "oops ]]> <error/>", CaseResult.Answerer.NONE);
        CaseResult error = new CaseResult("errors", OptionalInt.empty(), 3, List.of(),
                Optional.of("cannot reach the staging API at http://127.0.0.1:1/x: connection refused"), "", CaseResult.Answerer.NONE);
        return new SmokeReport("suite <1>", "staging", "http://127.0.0.1:1/x?...", Optional.of("group/3"),
                SmokeRunnerTest.NOW, 2500, List.of(passed, failed, error));
    }

    @Test
    void writesAWellFormedSurefireShapedFile() throws Exception {
        Path file = JUnitXmlReport.write(report(), dir);
        assertEquals(dir.resolve("TEST-smoke-staging.xml"), file);
        Element suite = parse(Files.readAllBytes(file)).getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals("smoke.staging", suite.getAttribute("name"));
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("2.500", suite.getAttribute("time"));
        assertEquals("2025-03-01T10:15:30", suite.getAttribute("timestamp"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(3, cases.getLength());
        Element first = (Element) cases.item(0);
        assertEquals("smoke.staging", first.getAttribute("classname"));
        assertEquals("passes", first.getAttribute("name"));
        assertEquals("0.012", first.getAttribute("time"));
        assertEquals(0, first.getChildNodes().getLength());
        assertEquals(List.of("suite=suite <1>", "env=staging", "url=http://127.0.0.1:1/x?...", "version=group/3"), properties(suite));
    }

    @Test
    void hostileTextSurvivesEscapedAndControlCharactersBecomeVisible() throws Exception {
        Element suite = parse(JUnitXmlReport.render(report()).getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        Element failed = (Element) suite.getElementsByTagName("testcase").item(1);
        String shown = "a <b> & \"c\" 'd' ]]> e\\u0001f\\u001bg\ttab\nline";
        assertEquals("fails " + shown, failed.getAttribute("name"), "attributes keep tabs and line breaks");
        Element failure = (Element) failed.getElementsByTagName("failure").item(0);
        assertEquals("status: expected 200, actual 500", failure.getAttribute("message"));
        assertEquals("SmokeExpectationFailure", failure.getAttribute("type"));
        assertEquals("status: expected 200, actual 500\nbody: expected to contain 'x', actual '" + shown + "'\nstatus: 500\n"
                + "latency: 1234 ms\nresponse: oops ]]> <error/>", failure.getTextContent());
        assertEquals(0, failed.getElementsByTagName("error").getLength(), "the excerpt's <error/> is text, not an element");
        Element errored = (Element) suite.getElementsByTagName("testcase").item(2);
        Element error = (Element) errored.getElementsByTagName("error").item(0);
        assertEquals("SmokeError", error.getAttribute("type"));
        assertTrue(error.getAttribute("message").contains("connection refused"));
    }

    @Test
    void xmlEscapingCoversEveryCharacterXmlCannotCarry() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        all.append("\uD800 lone \uDC00 \uFFFE\uFFFF \uD83D\uDE00");
        String xml = "<r a=\"" + Xml.attribute(all.toString()) + "\">" + Xml.text(all.toString()) + "</r>";
        Element root = parse(xml.getBytes(StandardCharsets.UTF_8)).getDocumentElement();
        assertTrue(root.getTextContent().contains("\\u0000"), root.getTextContent());
        assertTrue(root.getTextContent().contains("\\ud800 lone \\udc00 \\ufffe\\uffff \uD83D\uDE00"), root.getTextContent());
        assertTrue(root.getAttribute("a").contains("\\u0008\t\n\\u000b\\u000c\r\\u000e"), root.getAttribute("a"));
    }

    @Test
    void aRealFailingRunGivesAParseableReport() throws Exception {
        try (FakePredictApi api = new FakePredictApi()) {
            api.mode(FakePredictApi.Mode.WRONG_LABELS);
            SmokeReport report = new SmokeRunner(Clock.fixed(SmokeRunnerTest.NOW, ZoneOffset.UTC)).run(new SmokeRun(
                    SmokeSuiteParser.read(SmokeSuiteParserTest.STAGING), "staging", api.baseUrl(), Optional.empty()));
            Element suite = parse(JUnitXmlReport.render(report).getBytes(StandardCharsets.UTF_8)).getDocumentElement();
            assertEquals("10", suite.getAttribute("tests"));
            assertEquals("5", suite.getAttribute("failures"));
            assertEquals(5, suite.getElementsByTagName("failure").getLength());
            assertFalse(suite.hasAttribute("version"));
        }
    }

    private static List<String> properties(Element suite) {
        NodeList nodes = suite.getElementsByTagName("property");
        List<String> out = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Element p = (Element) nodes.item(i);
            out.add(p.getAttribute("name") + "=" + p.getAttribute("value"));
        }
        return out;
    }

    static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try {
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
