package dev.mlops.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.smoke.SmokeExpectations.Predictions;
import dev.mlops.spec.SpecException;
import dev.mlops.spec.YamlNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SmokeSuiteParserTest {
    static final Path STAGING = Path.of("tests", "smoke", "staging.yaml");
    static final Path PROD = Path.of("tests", "smoke", "prod.yaml");
    private static final String CASE = """
            name: s
            cases:
              - name: one
                request:
                  body: L,1,2,3,4,5
            """;

    @Test
    void readsTheShippedStagingSuite() {
        SmokeSuite suite = SmokeSuiteParser.read(STAGING);
        assertEquals("predictive-maintenance-staging", suite.name());
        assertEquals(10, suite.cases().size());
        assertEquals(OptionalLong.of(2000), suite.defaults().maxLatencyMs());
        assertEquals(20_000, suite.defaults().timeoutMs());
        SmokeCase failure = suite.cases().get(0);
        assertEquals(new SmokeRequest("POST", "", Map.of("Content-Type", "text/csv", "Accept", "application/json"),
                "L,298.4,308.2,1582,70.7,216"), failure.request());
        assertEquals(new Predictions(OptionalInt.of(1), Optional.of(new SmokeExpectations.ScoreRange(0, 1)), Set.of(0, 1),
                OptionalInt.of(1), List.of()), failure.expect().predictions().orElseThrow());
        assertEquals(Map.of("access-control-allow-origin", "*"), failure.expect().headers());
        assertEquals(OptionalLong.of(15000), failure.expect().maxLatencyMs(), "a case's budget wins over the default");
        assertEquals(OptionalLong.of(2000), suite.cases().get(1).expect().maxLatencyMs());
    }

    @Test
    void shippedSuitesCoverBatchCorsMethodsAndBadInput() {
        SmokeSuite suite = SmokeSuiteParser.read(STAGING);
        SmokeCase batch = named(suite, "a batch of three lines gives three predictions in order");
        assertEquals(3, batch.request().body().lines().count());
        assertEquals(List.of(1, 0, 1), batch.expect().predictions().orElseThrow().labelsInOrder());
        SmokeCase plain = named(suite, "a text/plain body like the workshop's HTTP client sends is scored");
        assertEquals("text/plain", plain.request().headers().get("Content-Type"), "a case's header replaces the default");
        assertEquals(1, plain.request().headers().keySet().stream().filter(h -> h.equalsIgnoreCase("content-type")).count());
        assertEquals(204, named(suite, "CORS preflight is answered with 204").expect().status());
        assertEquals("OPTIONS", named(suite, "CORS preflight is answered with 204").request().method());
        assertEquals(405, named(suite, "GET is refused with 405").expect().status());
        assertEquals(List.of("expected 6 fields", "found 5"), named(suite, "a record with 5 fields is refused with 400 that says so")
                .expect().bodyContains());
        assertEquals("", named(suite, "an empty body is refused with 400").request().body());
        SmokeSuite prod = SmokeSuiteParser.read(PROD);
        assertEquals(OptionalLong.of(1000), prod.defaults().maxLatencyMs());
        assertTrue(prod.cases().size() < suite.cases().size());
    }

    @Test
    void unknownKeyIsNamedWithPlaceAndTheClosestValidKey() {
        String text = CASE + "    expect:\n      staus: 200\n";
        SpecException e = assertThrows(SpecException.class, () -> parse(text));
        assertEquals("cannot read spec smoke.yaml:7:7: cases[0].expect.staus: unknown key 'staus' (did you mean 'status'?); "
                + "valid keys are: " + String.join(", ", SmokeSuiteParser.EXPECT_KEYS), e.getMessage());
    }

    @Test
    void unknownTopLevelAndRequestKeysAreNamed() {
        assertMessage("smoke.yaml:1:1: nme: unknown key 'nme' (did you mean 'name'?)", "nme: s\ncases: []\n");
        assertMessage("smoke.yaml:5:7: cases[0].request.bdy: unknown key 'bdy' (did you mean 'body'?)",
                CASE.replace("body:", "bdy:"));
    }

    @Test
    void wrongTypesAreNamedWithTheirPlace() {
        assertMessage("smoke.yaml:7:15: cases[0].expect.status: expected a whole number, found 'ok'",
                CASE + "    expect:\n      status: ok\n");
        assertMessage("smoke.yaml:7:15: cases[0].expect.status: must be between 100 and 599, found 42",
                CASE + "    expect:\n      status: 42\n");
        assertMessage("cases[0].expect.predictions.score_range: expected [min, max], found 1 values",
                CASE + "    expect:\n      predictions: {score_range: [0]}\n");
        assertMessage("cases[0].expect.predictions.score_range: min 1.0 is above max 0.0",
                CASE + "    expect:\n      predictions: {score_range: [1, 0]}\n");
        assertMessage("cases[0].expect.headers: expected a mapping (key: value lines), found a list",
                CASE + "    expect:\n      headers: [a, b]\n");
        assertMessage("cases[0].expect.label: expected a whole number, found 'yes'", CASE + "    expect:\n      label: yes\n");
        assertMessage("defaults.max_latency_ms: must be between 1 and 600000, found 0",
                "defaults: {max_latency_ms: 0}\n" + CASE);
        assertMessage("cases: expected a list, found a mapping", "name: s\ncases: {a: 1}\n");
    }

    @Test
    void missingRequestIsNamed() {
        assertMessage("smoke.yaml:3:5: cases[0]: missing required key 'request'", "name: s\ncases:\n  - name: one\n");
    }

    @Test
    void missingNameAndEmptyCasesAreRefused() {
        assertMessage("(top level): missing required key 'name'", "cases: []\n");
        assertMessage("cases: a suite needs at least one case", "name: s\ncases: []\n");
        assertMessage("cases[0].name: must not be empty", CASE.replace("- name: one", "- name: ' '"));
    }

    @Test
    void duplicateCaseNamesAreRefused() {
        String twice = CASE + "  - name: one\n    request: {}\n";
        assertMessage("cases[1].name: duplicate case name 'one'", twice);
    }

    @Test
    void unknownMethodGetsAHint() {
        assertMessage("cases[0].request.method: unknown HTTP method 'post' (did you mean 'POST'?)",
                CASE.replace("body:", "method: post\n      body:"));
    }

    @Test
    void headersTheClientOwnsOrThatCouldSmuggleLinesAreRefused() {
        assertMessage("cases[0].request.headers.Host: the header 'Host' is set by the HTTP client",
                CASE.replace("body:", "headers: {Host: example.com}\n      body:"));
        assertMessage("cases[0].request.headers.X-A: a header value cannot contain line breaks",
                CASE.replace("body:", "headers: {X-A: \"a\\r\\nX-B: b\"}\n      body:"));
        assertMessage("'bad header' is not a valid HTTP header name",
                CASE.replace("body:", "headers: {bad header: x}\n      body:"));
    }

    @Test
    void pathMustBeAUrlPath() {
        assertMessage("cases[0].request.path: a path starts with / or ?", CASE.replace("body:", "path: predict\n      body:"));
        assertMessage("cases[0].request.path: a path starts with / or ?", CASE.replace("body:", "path: /a b\n      body:"));
        assertEquals("/v2?x=1", parse(CASE.replace("body:", "path: /v2?x=1\n      body:")).cases().get(0).request().path());
    }

    @Test
    void labelListMustMatchTheCount() {
        assertMessage("cases[0].expect.label: lists 2 labels but the answer must have 3 predictions",
                CASE + "    expect:\n      predictions: {count: 3}\n      label: [1, 0]\n");
    }

    @Test
    void absentChecksAreNotMadeAndStatusDefaultsTo200() {
        SmokeCase only = parse(CASE).cases().get(0);
        assertEquals(200, only.expect().status());
        assertEquals(Optional.empty(), only.expect().predictions());
        assertEquals(OptionalLong.empty(), only.expect().maxLatencyMs());
        assertEquals("POST", only.request().method());
        assertEquals(SmokeSuite.Defaults.DEFAULT_TIMEOUT_MS, parse(CASE).defaults().timeoutMs());
    }

    @Test
    void wrongKindIsRefused() {
        assertMessage("kind: expected kind SmokeSuite, found 'ModelBuildPipeline'", "kind: ModelBuildPipeline\n" + CASE);
    }

    private static SmokeCase named(SmokeSuite suite, String name) {
        return suite.cases().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static SmokeSuite parse(String text) {
        return SmokeSuiteParser.parse(YamlNode.parse(text, "smoke.yaml"));
    }

    private static void assertMessage(String expectedPart, String text) {
        SpecException e = assertThrows(SpecException.class, () -> parse(text));
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }
}
