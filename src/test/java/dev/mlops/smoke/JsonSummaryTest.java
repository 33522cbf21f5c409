package dev.mlops.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonSummaryTest {
    @TempDir
    Path dir;

    @Test
    void summarisesTheRunForScripts() throws Exception {
        Path file = JsonSummary.write(JUnitXmlReportTest.report(), dir);
        assertEquals(dir.resolve("smoke-staging.json"), file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertEquals("staging", json.get("env").asText());
        assertEquals("group/3", json.get("version").asText());
        assertEquals("http://127.0.0.1:1/x?...", json.get("url").asText());
        assertEquals(false, json.get("passed").asBoolean());
        assertEquals(3, json.get("tests").asInt());
        assertEquals(2, json.get("failures").asInt(), "every case that did not pass");
        assertEquals(1, json.get("errors").asInt());
        assertEquals(2500, json.get("duration_ms").asLong());
        assertEquals("2025-03-01T10:15:30.250Z", json.get("started_at").asText());
        JsonNode cases = json.get("cases");
        assertEquals(3, cases.size());
        assertEquals("passes", cases.get(0).get("name").asText());
        assertEquals(true, cases.get(0).get("passed").asBoolean());
        assertEquals(200, cases.get(0).get("status").asInt());
        assertEquals(12, cases.get(0).get("latency_ms").asLong());
        assertEquals(0, cases.get(0).get("failures").size());
        assertEquals("status: expected 200, actual 500", cases.get(1).get("failures").get(0).asText());
        assertEquals(JUnitXmlReportTest.HOSTILE, cases.get(1).get("name").asText().substring("fails ".length()));
        assertTrue(cases.get(2).get("status").isNull(), "no answer, no status");
        assertTrue(cases.get(2).get("failures").get(0).asText().contains("connection refused"));
    }

    @Test
    void unknownVersionIsNullAndAPassingRunSaysSo() throws Exception {
        SmokeReport report = new SmokeReport("s", "prod", "http://h/x", Optional.empty(), SmokeRunnerTest.NOW, 5,
                List.of(new CaseResult("a", java.util.OptionalInt.of(204), 5, List.of(), Optional.empty(), "", CaseResult.Answerer.NONE)));
        JsonNode json = new ObjectMapper().readTree(JsonSummary.render(report));
        assertTrue(json.get("version").isNull());
        assertEquals(true, json.get("passed").asBoolean());
        assertEquals(0, json.get("failures").asInt());
    }
}
