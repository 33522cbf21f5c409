package dev.mlops.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.local.FileSmokeResults;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTestRunTest {
    private static final String V3 = "end-to-end-ml-sm-model-package-group/3";

    @TempDir
    Path dir;

    @Test
    void writesBothReportsAndRecordsTheVersionUnderTest() throws Exception {
        FileSmokeResults results = new FileSmokeResults(dir.resolve("state"));
        SmokeTestRun smoke = new SmokeTestRun(new SmokeRunner(Clock.fixed(SmokeRunnerTest.NOW, ZoneOffset.UTC)), results);
        SmokeSuite suite = SmokeSuiteParser.read(SmokeSuiteParserTest.STAGING);
        try (FakePredictApi api = new FakePredictApi()) {
            SmokeTestRun.Outcome passed = smoke.call(new SmokeRun(suite, "staging", api.baseUrl(), Optional.of(V3)),
                    dir.resolve("reports"));
            assertTrue(passed.report().passed());
            assertEquals(dir.resolve("reports/TEST-smoke-staging.xml"), passed.junitXml());
            assertTrue(Files.readString(passed.jsonSummary()).contains("\"passed\" : true"));
            assertEquals(passed.recorded(), results.lastFor("staging", V3));
            assertEquals(passed.junitXml().toAbsolutePath().toString(), results.last("staging").orElseThrow().reportPath());

            api.mode(FakePredictApi.Mode.WRONG_LABELS);
            SmokeTestRun.Outcome failed = smoke.call(new SmokeRun(suite, "staging", api.baseUrl(), Optional.of(V3)),
                    dir.resolve("reports"));
            assertFalse(failed.report().passed());
            assertFalse(results.lastFor("staging", V3).orElseThrow().passed(), "the latest run of v3 failed");
            assertEquals(5, results.lastFor("staging", V3).orElseThrow().failures());
        }
    }

    @Test
    void aRunWithoutAVersionWritesReportsButRecordsNothing() throws Exception {
        FileSmokeResults results = new FileSmokeResults(dir.resolve("state"));
        SmokeTestRun smoke = new SmokeTestRun(new SmokeRunner(Clock.systemUTC()), results);
        try (FakePredictApi api = new FakePredictApi()) {
            SmokeTestRun.Outcome outcome = smoke.call(new SmokeRun(SmokeSuiteParser.read(SmokeSuiteParserTest.PROD), "prod",
                    api.baseUrl(), Optional.empty()), dir);
            assertTrue(Files.exists(outcome.junitXml()));
            assertEquals(Optional.empty(), outcome.recorded());
            assertEquals(Optional.empty(), results.last("prod"));
        }
    }
}
