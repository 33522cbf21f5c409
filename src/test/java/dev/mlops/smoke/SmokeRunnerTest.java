package dev.mlops.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import dev.mlops.spec.YamlNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmokeRunnerTest {
    static final Instant NOW = Instant.parse("2025-03-01T10:15:30.250Z");
    private final SmokeRunner runner = new SmokeRunner(Clock.fixed(NOW, ZoneOffset.UTC));
    private FakePredictApi api;

    @BeforeEach
    void start() throws IOException {
        api = new FakePredictApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void shippedSuitesPassAgainstAnApiThatKeepsTheContract() {
        for (var file : List.of(SmokeSuiteParserTest.STAGING, SmokeSuiteParserTest.PROD)) {
            SmokeSuite suite = SmokeSuiteParser.read(file);
            SmokeReport report = runner.run(new SmokeRun(suite, "staging", api.baseUrl(), Optional.of("group/3")));
            assertTrue(report.passed(), () -> file + ": " + report.cases().stream().flatMap(c -> c.problems().stream()).toList());
            assertEquals(suite.cases().size(), report.tests());
            assertEquals(0, report.failed());
            assertEquals(NOW, report.startedAt());
            assertEquals(Optional.of("group/3"), report.version());
            assertEquals(OptionalInt.of(200), report.cases().get(0).status());
        }
    }

    @Test
    void requestsAreSentAsTheSuiteWritesThem() {
        SmokeSuite suite = parse("""
                name: s
                defaults: {headers: {Content-Type: text/csv, X-Trace: a}}
                cases:
                  - name: one
                    request: {path: "/v2?x=1", headers: {x-trace: b}, body: "L,1,2,3,4"}
                    expect: {status: 400}
                  - name: two
                    request: {method: OPTIONS}
                    expect: {status: 204}
                """);
        SmokeReport report = runner.run(new SmokeRun(suite, "staging", api.baseUrl(), Optional.empty()));
        assertTrue(report.passed(), () -> report.cases().toString());
        FakePredictApi.Seen first = api.seen.get(0);
        assertEquals("POST", first.method());
        assertEquals(FakePredictApi.PATH + "/v2?x=1", first.pathAndQuery());
        assertEquals(List.of("b"), first.headers().get("x-trace"), "the case's header replaces the default of any case");
        assertEquals(List.of("text/csv"), first.headers().get("content-type"));
        assertEquals("L,1,2,3,4", first.body());
        assertEquals("OPTIONS", api.seen.get(1).method());
        assertEquals("", api.seen.get(1).body());
    }

    @Test
    void wrongLabelsFailWithExpectedAndActual() {
        SmokeReport report = runStaging(api.mode(FakePredictApi.Mode.WRONG_LABELS));
        assertFalse(report.passed());
        CaseResult failure = report.cases().get(0);
        assertEquals(List.of(new ExpectationFailure("predictions[0].predicted_label", "1", "0 (score 0.19)")), failure.failures());
        assertEquals(OptionalInt.of(200), failure.status());
        assertTrue(failure.responseExcerpt().contains("\"predicted_label\":0"), failure.responseExcerpt());
        CaseResult batch = report.cases().get(4);
        assertEquals(List.of("predictions[0].predicted_label: expected 1, actual 0 (score 0.19)",
                "predictions[1].predicted_label: expected 0, actual 1 (score 0.81)",
                "predictions[2].predicted_label: expected 1, actual 0 (score 0.19)"), batch.problems());
        assertEquals(5, report.failures(), "the five label cases fail");
        assertEquals(0, report.errors());
        assertTrue(report.cases().get(5).passed(), "CORS still passes");
    }

    @Test
    void answerOverTheLatencyBudgetFails() {
        api.delay(300);
        SmokeReport report = runner.run(new SmokeRun(parse("""
                name: s
                defaults: {max_latency_ms: 50}
                cases:
                  - name: slow
                    request: {method: OPTIONS}
                    expect: {status: 204}
                """), "staging", api.baseUrl(), Optional.empty()));
        CaseResult slow = report.cases().get(0);
        assertFalse(slow.passed());
        assertEquals(1, slow.failures().size());
        assertEquals("latency", slow.failures().get(0).check());
        assertEquals("<= 50 ms", slow.failures().get(0).expected());
        assertTrue(slow.latencyMs() >= 300, "measured " + slow.latencyMs());
    }

    @Test
    void serverErrorFailsTheStatusAndPredictionsWithAnExcerpt() {
        SmokeReport report = runStaging(api.mode(FakePredictApi.Mode.SERVER_ERROR));
        CaseResult first = report.cases().get(0);
        assertEquals(OptionalInt.of(500), first.status());
        assertEquals(new ExpectationFailure("status", "200", "500"), first.failures().get(0));
        assertTrue(first.problems().contains(
                "predictions: expected a JSON body {\"predictions\":[...]}, actual '{\"message\":\"Internal Server Error\"}'"),
                first.problems().toString());
        assertEquals("{\"message\":\"Internal Server Error\"}", first.responseExcerpt());
        assertEquals(0, report.errors(), "an answer, even a 500, is a failure, not an error");
    }

    @Test
    void refusedConnectionNamesTheUrlHintsAtServeAndSkipsTheRest() throws IOException {
        URI closed = URI.create("http://127.0.0.1:" + freePort() + "/api/staging/predict");
        SmokeSuite suite = SmokeSuiteParser.read(SmokeSuiteParserTest.STAGING);
        SmokeReport report = runner.run(new SmokeRun(suite, "staging", closed, Optional.empty()));
        assertFalse(report.passed());
        assertEquals(suite.cases().size(), report.errors());
        String error = report.cases().get(0).error().orElseThrow();
        assertEquals("cannot reach the staging API at " + closed + ": connection refused; is the local API running? "
                + "Start it with `mlops serve` (port " + closed.getPort() + ")", error);
        assertEquals(Optional.of("not run: " + error), report.cases().get(1).error());
        assertEquals(OptionalInt.empty(), report.cases().get(0).status());
    }

    @Test
    void noAnswerWithinTheTimeoutIsAnErrorAndTheNextCaseStillRuns() {
        api.delay(1500);
        SmokeReport report = runner.run(new SmokeRun(parse("""
                name: s
                defaults: {timeout_ms: 200}
                cases:
                  - name: hangs
                    request: {method: OPTIONS}
                  - name: also hangs
                    request: {method: OPTIONS}
                """), "staging", api.baseUrl(), Optional.empty()));
        String where = api.baseUrl().toString();
        assertEquals(Optional.of("cannot call " + where + ": no answer within 200 ms (timeout_ms)"), report.cases().get(0).error());
        assertEquals(report.cases().get(0).error(), report.cases().get(1).error(), "a time-out does not skip the rest");
        assertEquals(2, report.errors());
    }

    @Test
    void aBodyThatNeverEndsIsStoppedByTheTimeout() {
        SmokeReport report = runner.run(new SmokeRun(parse("name: s\ndefaults: {timeout_ms: 300}\ncases: [{name: a, request: {}}]\n"),
                "staging", api.mode(FakePredictApi.Mode.STALLED_BODY).baseUrl(), Optional.empty()));
        assertEquals(Optional.of("cannot call " + api.baseUrl() + ": no answer within 300 ms (timeout_ms)"),
                report.cases().get(0).error());
    }

    @Test
    void aHugeBodyIsReadButOnlyItsStartKept() {
        SmokeReport report = runner.run(new SmokeRun(parse("name: s\ncases: [{name: a, request: {}, expect: {body_contains: zzz}}]\n"),
                "staging", api.mode(FakePredictApi.Mode.HUGE_BODY).baseUrl(), Optional.empty()));
        CaseResult huge = report.cases().get(0);
        assertEquals(OptionalInt.of(200), huge.status());
        assertTrue(huge.responseExcerpt().endsWith("... (" + (SmokeHttp.MAX_BODY_BYTES - Excerpts.MAX_CHARS) + " more characters)"),
                huge.responseExcerpt());
        assertEquals("body", huge.failures().get(0).check());
    }

    @Test
    void secretsTheSuiteSendsNeverReachTheReport() {
        SmokeReport report = runner.run(new SmokeRun(parse("""
                name: s
                cases:
                  - name: echo
                    request: {headers: {x-api-key: s3cr3t-value-123}, body: x}
                    expect: {body_contains: nothing-like-this}
                """), "staging", api.mode(FakePredictApi.Mode.ECHO_HEADERS).baseUrl(), Optional.empty()));
        CaseResult echo = report.cases().get(0);
        assertTrue(api.seen.get(0).headers().get("x-api-key").contains("s3cr3t-value-123"), "the header was sent");
        assertTrue(echo.responseExcerpt().contains("x-api-key=[***]"), echo.responseExcerpt());
        assertFalse(echo.problems().toString().contains("s3cr3t"), echo.problems().toString());
    }

    @Test
    void reportShowsTheUrlWithoutCredentialsOrQueryValues() {
        URI url = URI.create("http://user:pw@127.0.0.1:" + api.baseUrl().getPort() + "/api/staging/predict?code=abc");
        SmokeReport report = runner.run(new SmokeRun(parse("name: s\ncases: [{name: a, request: {method: OPTIONS}, expect: {status: 204}}]\n"),
                "staging", url, Optional.empty()));
        assertEquals("http://127.0.0.1:" + url.getPort() + "/api/staging/predict?...", report.baseUrl());
        assertTrue(report.passed());
    }

    @Test
    void badEnvironmentOrUrlIsRefusedBeforeAnythingIsSent() {
        SmokeSuite suite = parse("name: s\ncases: [{name: a, request: {}}]\n");
        InputException env = assertThrows(InputException.class,
                () -> new SmokeRun(suite, "../prod", api.baseUrl(), Optional.empty()));
        assertTrue(env.getMessage().startsWith("cannot run smoke suite s for environment '../prod'"), env.getMessage());
        InputException url = assertThrows(InputException.class,
                () -> new SmokeRun(suite, "staging", SmokeRun.parseUrl("ftp://x/y"), Optional.empty()));
        assertEquals("cannot run smoke suite s against 'ftp://x/y': the URL must be absolute and start with http:// or https://",
                url.getMessage());
        assertThrows(InputException.class, () -> SmokeRun.parseUrl("http://a b"));
        assertTrue(api.seen.isEmpty());
    }

    private SmokeReport runStaging(FakePredictApi target) {
        return runner.run(new SmokeRun(SmokeSuiteParser.read(SmokeSuiteParserTest.STAGING), "staging", target.baseUrl(),
                Optional.empty()));
    }

    static SmokeSuite parse(String yaml) {
        return SmokeSuiteParser.parse(YamlNode.parse(yaml, "suite.yaml"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
