package dev.mlops.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.deploy.ModelRef;
import dev.mlops.local.LocalEndpointDeployer;
import dev.mlops.server.Awaits;
import dev.mlops.server.ServingOptions;
import dev.mlops.server.ServingServer;
import dev.mlops.server.TestModels;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The Lambda handler's contract, called directly with API Gateway v2 events. Its SDK client talks
 * to a real serving process over HTTP, so the real SDK signs, sends and parses every call.
 */
class PredictFunctionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENDPOINT = "api-staging";
    private static final List<String> RECORDS = List.of("L,298.4,308.2,1582,70.7,216", "M,298.4,308.2,1582,30.2,214",
            "L,298.4,308.2,30,70.7,216");
    @TempDir
    static Path stateDir;
    static TestModels models;
    static ModelRef model;
    static ServingServer server;
    static SageMakerRuntimeClient runtime;
    static PredictFunction function;

    @BeforeAll
    static void deploy() {
        models = new TestModels(stateDir);
        model = models.train("api", 10);
        LocalEndpointDeployer deployer = new LocalEndpointDeployer(stateDir, Clock.systemUTC());
        deployer.apply(TestModels.config(ENDPOINT, "staging", model, 0));
        server = ServingServer.start(ServingOptions.defaults(stateDir).withLog(line -> { }));
        Awaits.endpoint(deployer, ENDPOINT, d -> d.status() == EndpointStatus.InService, "InService");
        runtime = overHttp(server.baseUri());
        function = new PredictFunction(ENDPOINT, runtime);
    }

    @AfterAll
    static void stop() {
        runtime.close();
        server.close();
    }

    @Test
    void postedCsvGetsTheEndpointsPredictionsWithCors() throws Exception {
        APIGatewayV2HTTPResponse response = call("POST", Map.of("content-type", "text/csv"), RECORDS.get(0));
        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals("application/json", response.getHeaders().get("Content-Type"));
        assertEquals("*", response.getHeaders().get("Access-Control-Allow-Origin"));
        assertScores(List.of(RECORDS.get(0)), response);
    }

    @Test
    void plainTextAsTheWorkshopsClientSentIsCsvToo() throws Exception {
        assertScores(List.of(RECORDS.get(1)), call("POST", Map.of("Content-Type", "text/plain"), RECORDS.get(1)));
        assertScores(List.of(RECORDS.get(1)), call("POST", Map.of(), RECORDS.get(1) + "\n"));
    }

    @Test
    void aBatchOfLinesGetsOnePredictionEach() throws Exception {
        assertScores(RECORDS, call("POST", Map.of("content-type", "text/csv"), String.join("\n", RECORDS)));
    }

    @Test
    void jsonInstancesMayBeCsvLinesOrArrays() throws Exception {
        String body = "{\"instances\": [\"" + RECORDS.get(0) + "\", [\"M\", 298.4, 308.2, 1582, 30.2, 214]]}";
        assertScores(RECORDS.subList(0, 2), call("POST", Map.of("content-type", "application/json"), body));
    }

    @Test
    void base64BodiesAreDecoded() throws Exception {
        APIGatewayV2HTTPEvent event = event("POST", Map.of("content-type", "text/csv"),
                Base64.getEncoder().encodeToString(RECORDS.get(2).getBytes(StandardCharsets.UTF_8)), true);
        assertScores(List.of(RECORDS.get(2)), function.handleRequest(event, null));
    }

    @Test
    void csvIsAnsweredWhenAccepted() {
        APIGatewayV2HTTPResponse response = call("POST", Map.of("content-type", "text/csv", "accept", "text/csv"),
                RECORDS.get(0));
        assertEquals(200, response.getStatusCode());
        assertEquals("text/csv", response.getHeaders().get("Content-Type"));
        assertEquals(models.expectedScores(model, List.of(RECORDS.get(0)))[0], Double.parseDouble(response.getBody().trim()),
                1e-12);
    }

    @Test
    void optionsAnswersTheCorsPreflight() {
        APIGatewayV2HTTPResponse response = call("OPTIONS", Map.of("origin", "http://example.com"), null);
        assertEquals(204, response.getStatusCode());
        assertEquals("*", response.getHeaders().get("Access-Control-Allow-Origin"));
        assertEquals("POST, OPTIONS", response.getHeaders().get("Access-Control-Allow-Methods"));
        assertTrue(response.getHeaders().get("Access-Control-Allow-Headers").contains("Content-Type"));
    }

    @Test
    void otherMethodsAre405WithAllow() throws Exception {
        for (String method : List.of("GET", "PUT", "DELETE")) {
            APIGatewayV2HTTPResponse response = call(method, Map.of(), null);
            assertEquals(405, response.getStatusCode(), method);
            assertEquals("POST, OPTIONS", response.getHeaders().get("Allow"));
            assertEquals("*", response.getHeaders().get("Access-Control-Allow-Origin"));
            assertTrue(message(response).contains(method), response.getBody());
        }
    }

    @Test
    void malformedRecordsAre400NamingLineAndFieldWithoutCallingTheEndpoint() throws Exception {
        // An endpoint that cannot be reached: a 400 proves the records were refused before any call.
        PredictFunction unreachable = new PredictFunction(ENDPOINT, overHttp(URI.create("http://127.0.0.1:9")));
        APIGatewayV2HTTPResponse count = handle(unreachable, "text/csv", RECORDS.get(0) + "\nL,298.4,308.2");
        assertEquals(400, count.getStatusCode());
        assertTrue(message(count).contains("line 2") && message(count).contains("expected 6 fields")
                && message(count).contains("found 3"), count.getBody());
        APIGatewayV2HTTPResponse number = handle(unreachable, "text/csv", "L,298.4,hot,1582,70.7,216");
        assertEquals(400, number.getStatusCode());
        assertTrue(message(number).contains("line 1") && message(number).contains("'Process temperature' must be a number"),
                number.getBody());
        assertEquals("*", number.getHeaders().get("Access-Control-Allow-Origin"));
        assertEquals(400, handle(unreachable, "text/csv", "  \n").getStatusCode());
        assertEquals(400, handle(unreachable, "application/json", "{\"instances\": ").getStatusCode());
        assertEquals(400, handle(unreachable, "application/json", "{\"records\": []}").getStatusCode());
        assertEquals(415, handle(unreachable, "application/xml", "<x/>").getStatusCode());
        assertTrue(message(handle(unreachable, "text/csv", RECORDS.get(0))).contains("cannot reach"));
    }

    @Test
    void theModelRefusingARecordIsA400WithItsMessage() throws Exception {
        APIGatewayV2HTTPResponse response = call("POST", Map.of("content-type", "text/csv"), "Q,298.4,308.2,1582,70.7,216");
        assertEquals(400, response.getStatusCode(), response.getBody());
        assertTrue(message(response).contains("unknown category 'Q'") && message(response).contains("line 1"),
                response.getBody());
    }

    @Test
    void anUnknownEndpointIsABadGatewayNotTheCallersFault() throws Exception {
        APIGatewayV2HTTPResponse response = handle(new PredictFunction("no-such-endpoint", runtime), "text/csv", RECORDS.get(0));
        assertEquals(502, response.getStatusCode());
        assertTrue(message(response).contains("'no-such-endpoint' does not exist"), response.getBody());
        assertTrue(!response.getBody().contains("Exception") && !response.getBody().contains("\tat "), response.getBody());
    }

    @Test
    void theLambdaConstructorNeedsTheEndpointName() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new PredictFunction(Map.of()));
        assertTrue(e.getMessage().contains(PredictFunction.ENDPOINT_NAME_VARIABLE), e.getMessage());
        PredictFunction configured = new PredictFunction(Map.of(PredictFunction.ENDPOINT_NAME_VARIABLE, ENDPOINT,
                PredictFunction.REGION_VARIABLE, "eu-west-1",
                PredictFunction.RUNTIME_URL_VARIABLE, server.baseUri().toString()));
        assertEquals(ENDPOINT, configured.endpointName());
    }

    private void assertScores(List<String> records, APIGatewayV2HTTPResponse response) throws Exception {
        assertEquals(200, response.getStatusCode(), response.getBody());
        JsonNode predictions = JSON.readTree(response.getBody()).get("predictions");
        double[] expected = models.expectedScores(model, records);
        assertEquals(expected.length, predictions.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], predictions.get(i).get("score").asDouble(), 1e-12);
            assertEquals(expected[i] > 0.5 ? 1 : 0, predictions.get(i).get("predicted_label").asInt());
        }
    }

    /** The SDK client as the Lambda builds it (its HTTP client included), pointed at the serving process. */
    private static SageMakerRuntimeClient overHttp(URI url) {
        return SageMakerRuntimeClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.US_EAST_1).endpointOverride(url)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"))).build();
    }

    private static APIGatewayV2HTTPResponse handle(PredictFunction target, String contentType, String body) {
        return target.handleRequest(event("POST", Map.of("content-type", contentType), body, false), null);
    }

    private static APIGatewayV2HTTPResponse call(String method, Map<String, String> headers, String body) {
        return function.handleRequest(event(method, headers, body, false), null);
    }

    static APIGatewayV2HTTPEvent event(String method, Map<String, String> headers, String body, boolean base64) {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRawPath("/predict").withHeaders(headers)
                .withBody(body).withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).build()).build())
                .build();
    }

    private static String message(APIGatewayV2HTTPResponse response) throws Exception {
        return JSON.readTree(response.getBody()).get("message").asText();
    }
}
