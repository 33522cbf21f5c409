package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.deploy.ModelRef;
import dev.mlops.local.LocalEndpointDeployer;
import dev.mlops.server.ServingProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SageMaker Runtime route of a real serving process with a real model, over real HTTP. */
class InvocationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENDPOINT = "invocations-staging";
    private static final int MAX_BODY = 64 * 1024;
    @TempDir
    static Path stateDir;
    static TestModels models;
    static ModelRef model;
    static ServingServer server;
    static LocalEndpointDeployer deployer;
    static final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void deployOneModel() {
        models = new TestModels(stateDir);
        model = models.train("invocations", 10);
        deployer = new LocalEndpointDeployer(stateDir, Clock.systemUTC());
        deployer.apply(TestModels.config(ENDPOINT, "staging", model, 100));
        server = ServingServer.start(ServingOptions.defaults(stateDir).withMaxBodyBytes(MAX_BODY).withLog(log::add));
        Awaits.endpoint(deployer, ENDPOINT, d -> d.status() == EndpointStatus.InService, "InService");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void scoresOneRecordAsJsonWithTheSageMakerHeaders() throws Exception {
        HttpResponse<String> response = invoke("text/csv", null, TestModels.WORKSHOP_RECORD);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        String variant = response.headers().firstValue("X-Amzn-Invoked-Production-Variant").orElseThrow();
        assertEquals(TestModels.config(ENDPOINT, "staging", model, 100).variantName(), variant,
                "the variant names the version and config that answered");
        assertEquals(java.util.Optional.of(model.version()), dev.mlops.deploy.EndpointConfig.versionOfVariant(variant));
        JsonNode predictions = JSON.readTree(response.body()).get("predictions");
        assertEquals(1, predictions.size());
        double expected = models.expectedScores(model, List.of(TestModels.WORKSHOP_RECORD))[0];
        assertEquals(expected, predictions.get(0).get("score").asDouble(), 1e-12);
        assertEquals(expected > 0.5 ? 1 : 0, predictions.get(0).get("predicted_label").asInt());
    }

    @Test
    void predictedLabelUsesTheThresholdThePackageWasBuiltWith() throws Exception {
        double score = models.expectedScores(model, List.of(TestModels.WORKSHOP_RECORD))[0];
        assertTrue(score > 0.5, "the workshop record is a failure at the default threshold: " + score);
        ModelRef strict = models.trainWithThreshold("invocations-strict", 10, score);
        deployer.apply(TestModels.config("invocations-strict", "staging", strict, 100));
        Awaits.endpoint(deployer, "invocations-strict", d -> d.status() == EndpointStatus.InService, "InService");
        HttpResponse<String> response = Http.post(server.baseUri().resolve("/endpoints/invocations-strict/invocations"),
                "text/csv", "application/json", TestModels.WORKSHOP_RECORD);
        JsonNode prediction = JSON.readTree(response.body()).get("predictions").get(0);
        assertEquals(score, prediction.get("score").asDouble(), 1e-12);
        assertEquals(0, prediction.get("predicted_label").asInt(), "label 1 only above the package's threshold " + score);
    }

    @Test
    void scoresEveryLineOfABatchInOrder() throws Exception {
        List<String> records = List.of("L,298.4,308.2,1582,70.7,216", "M,298.4,308.2,1582,30.2,214",
                "L,298.4,308.2,30,70.7,216");
        HttpResponse<String> response = invoke("text/csv", "application/json", String.join("\r\n", records) + "\n");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode predictions = JSON.readTree(response.body()).get("predictions");
        double[] expected = models.expectedScores(model, records);
        assertEquals(3, predictions.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], predictions.get(i).get("score").asDouble(), 1e-12, "record " + i);
        }
    }

    @Test
    void answersOneScorePerLineWhenCsvIsAccepted() {
        List<String> records = List.of("L,298.4,308.2,1582,70.7,216", "H,300.1,310.0,1500,40.0,10");
        HttpResponse<String> response = invoke("text/csv; charset=utf-8", "text/csv", String.join("\n", records));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("text/csv", response.headers().firstValue("Content-Type").orElseThrow());
        double[] expected = models.expectedScores(model, records);
        List<String> lines = response.body().lines().toList();
        assertEquals(2, lines.size());
        assertEquals(expected[0], Double.parseDouble(lines.get(0)), 1e-12);
        assertEquals(expected[1], Double.parseDouble(lines.get(1)), 1e-12);
    }

    @Test
    void unknownEndpointIs404NamingItAndTheKnownOnes() throws Exception {
        HttpResponse<String> response = Http.post(server.baseUri().resolve("/endpoints/nope/invocations"), "text/csv",
                null, TestModels.WORKSHOP_RECORD);
        assertEquals(404, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.get("message").asText().contains("nope"), response.body());
        assertEquals(ENDPOINT, body.get("known_endpoints").get(0).asText());
    }

    @Test
    void otherMethodsThanPostAre405() {
        HttpResponse<String> response = Http.call(invocationsUri(), "GET");
        assertEquals(405, response.statusCode());
        assertEquals("POST", response.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void otherContentTypesThanCsvAre415() {
        assertEquals(415, invoke("application/json", null, "{\"instances\":[]}").statusCode());
        assertEquals(415, invoke(null, null, TestModels.WORKSHOP_RECORD).statusCode());
    }

    @Test
    void bodiesOverTheLimitAre413() {
        String big = (TestModels.WORKSHOP_RECORD + "\n").repeat(MAX_BODY / 20);
        HttpResponse<String> response = invoke("text/csv", null, big);
        assertEquals(413, response.statusCode());
        assertTrue(response.body().contains(String.valueOf(MAX_BODY)), response.body());
    }

    @Test
    void wrongFieldCountIs400NamingLineAndCount() throws Exception {
        HttpResponse<String> response = invoke("text/csv", null, TestModels.WORKSHOP_RECORD + "\nL,298.4,308.2\n");
        assertEquals(400, response.statusCode());
        String message = JSON.readTree(response.body()).get("message").asText();
        assertTrue(message.startsWith("line 2: "), message);
        assertTrue(message.contains("expected 6 fields") && message.contains("found 3"), message);
        assertEquals("ModelError", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
    }

    @Test
    void nonNumericValueIs400NamingLineAndField() throws Exception {
        HttpResponse<String> response = invoke("text/csv", null, "L,298.4,308.2,fast,70.7,216");
        assertEquals(400, response.statusCode());
        String message = JSON.readTree(response.body()).get("message").asText();
        assertTrue(message.startsWith("line 1: "), message);
        assertTrue(message.contains("'Rotational speed [rpm]' must be a number, found 'fast'"), message);
    }

    @Test
    void emptyBodyIs400() {
        assertEquals(400, invoke("text/csv", null, "\n").statusCode());
    }

    @Test
    void unsupportedAcceptIs406() {
        assertEquals(406, invoke("text/csv", "application/xml", TestModels.WORKSHOP_RECORD).statusCode());
    }

    @Test
    void capturesInputAndOutputAtOneHundredPercent() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(invocationsUri()).header("Content-Type", "text/csv")
                .header("X-Amzn-SageMaker-Inference-Id", "capture-check-1")
                .POST(HttpRequest.BodyPublishers.ofString("H,300.1,310.0,1500,40.0,10")).build();
        assertEquals(200, Http.send(request).statusCode());
        JsonNode event = capturedEvent("capture-check-1");
        assertEquals("H,300.1,310.0,1500,40.0,10", event.at("/captureData/endpointInput/data").asText());
        assertEquals("CSV", event.at("/captureData/endpointInput/encoding").asText());
        assertTrue(event.at("/captureData/endpointOutput/data").asText().startsWith("{\"predictions\""));
    }

    @Test
    void samplingDependsOnlyOnTheRequestId() {
        assertFalse(DataCapture.sampled("any-id", 0));
        assertTrue(DataCapture.sampled("any-id", 100));
        long sampled = Stream.iterate(0, i -> i + 1).limit(1000).filter(i -> DataCapture.sampled("id-" + i, 30)).count();
        assertTrue(sampled > 200 && sampled < 400, "30% of 1000 ids sampled " + sampled);
        for (int i = 0; i < 50; i++) {
            assertEquals(DataCapture.sampled("id-" + i, 30), DataCapture.sampled("id-" + i, 30));
        }
    }

    @Test
    void healthAndEndpointListAreMachineReadable() throws Exception {
        HttpResponse<String> health = Http.call(server.baseUri().resolve("/healthz"), "GET");
        assertEquals(200, health.statusCode());
        assertEquals("ok", JSON.readTree(health.body()).get("status").asText());
        JsonNode endpoint = JSON.readTree(Http.call(server.baseUri().resolve("/endpoints"), "GET").body())
                .get("endpoints").get(0);
        assertEquals(ENDPOINT, endpoint.get("name").asText());
        assertEquals("staging", endpoint.get("env").asText());
        assertEquals("InService", endpoint.get("status").asText());
        assertEquals(model.group() + "/" + model.version(), endpoint.get("live_version").asText());
        assertEquals(endpoint.get("requested_config_name"), endpoint.get("live_config_name"));
        assertEquals("/api/staging/predict", endpoint.get("api_path").asText());
        assertEquals(404, Http.call(server.baseUri().resolve("/nothing-here"), "GET").statusCode());
    }

    @Test
    void announcesItselfForOtherCommandsAndRefusesASecondServer() {
        ServingProcess process = ServingProcess.find(stateDir).orElseThrow();
        assertEquals(server.baseUri().toString(), process.url());
        assertEquals(ProcessHandle.current().pid(), process.pid());
        dev.mlops.WorkFailedException refused = org.junit.jupiter.api.Assertions.assertThrows(
                dev.mlops.WorkFailedException.class, () -> ServingServer.start(ServingOptions.defaults(stateDir)));
        assertTrue(refused.getMessage().contains("another serving process"), refused.getMessage());
    }

    /** The capture is written after the answer is sent, so a client can see the answer first: wait for it (5 s at most). */
    private static JsonNode capturedEvent(String inferenceId) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            var event = capturedEvents().stream().filter(e -> e.path("eventMetadata").path("inferenceId").asText()
                    .equals(inferenceId)).findFirst();
            if (event.isPresent() || System.nanoTime() > deadline) {
                return event.orElseThrow(() -> new AssertionError("no capture of " + inferenceId + " within 5 s"));
            }
            Thread.sleep(20);
        }
    }

    private static List<JsonNode> capturedEvents() throws IOException {
        Path dir = stateDir.resolve("endpoints").resolve(ENDPOINT).resolve("capture");
        try (Stream<Path> files = Files.list(dir)) {
            return files.flatMap(f -> {
                try {
                    return Files.readAllLines(f).stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(line -> {
                try {
                    return JSON.readTree(line);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
    }

    private static URI invocationsUri() {
        return server.baseUri().resolve("/endpoints/" + ENDPOINT + "/invocations");
    }

    private static HttpResponse<String> invoke(String contentType, String accept, String body) {
        return Http.post(invocationsUri(), contentType, accept, body);
    }

}
