package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.deploy.ModelRef;
import dev.mlops.local.LocalEndpointDeployer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/{env}/predict}: HTTP → API Gateway v2 event → the product's Lambda handler → the real
 * SDK → this same server's invocations route, and back.
 */
class ApiRouteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path stateDir;
    static TestModels models;
    static ModelRef staging;
    static ModelRef prod;
    static ServingServer server;

    @BeforeAll
    static void deployTwoEnvironments() {
        models = new TestModels(stateDir);
        staging = models.train("staging", 20);
        prod = models.train("prod", 5);
        LocalEndpointDeployer deployer = new LocalEndpointDeployer(stateDir, Clock.systemUTC());
        deployer.apply(TestModels.config("shop-staging", "staging", staging, 100));
        deployer.apply(TestModels.config("shop-prod", "prod", prod, 80));
        server = ServingServer.start(ServingOptions.defaults(stateDir).withMaxBodyBytes(4096).withLog(line -> { }));
        for (String name : List.of("shop-staging", "shop-prod")) {
            Awaits.endpoint(deployer, name, d -> d.status() == EndpointStatus.InService, "InService");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void eachEnvironmentsRouteReachesItsOwnEndpoint() throws Exception {
        List<String> record = List.of(TestModels.WORKSHOP_RECORD);
        assertNotEquals(models.expectedScores(staging, record)[0], models.expectedScores(prod, record)[0],
                "the two versions must be told apart by their scores");
        assertPredicts(staging, Http.post(api("staging"), "text/csv", null, TestModels.WORKSHOP_RECORD));
        assertPredicts(prod, Http.post(api("prod"), "text/plain", null, TestModels.WORKSHOP_RECORD));
    }

    @Test
    void jsonAndBatchesGoThroughTheRoute() throws Exception {
        HttpResponse<String> response = Http.post(api("staging"), "application/json", null,
                "{\"instances\":[\"L,298.4,308.2,1582,70.7,216\",\"M,298.4,308.2,1582,30.2,214\"]}");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(2, JSON.readTree(response.body()).get("predictions").size());
    }

    @Test
    void preflightAndOtherMethodsAreAnsweredByTheHandler() {
        HttpResponse<String> preflight = Http.send(HttpRequest.newBuilder(api("staging"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3000").header("Access-Control-Request-Method", "POST").build());
        assertEquals(204, preflight.statusCode());
        assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("POST, OPTIONS", preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow());
        for (String method : List.of("GET", "PUT")) {
            HttpResponse<String> response = Http.call(api("staging"), method);
            assertEquals(405, response.statusCode(), method);
            assertEquals("POST, OPTIONS", response.headers().firstValue("Allow").orElseThrow());
        }
    }

    @Test
    void malformedRecordsAre400NamingTheField() throws Exception {
        HttpResponse<String> response = Http.post(api("staging"), "text/csv", null, "L,298.4,308.2,1582,70.7");
        assertEquals(400, response.statusCode());
        String message = JSON.readTree(response.body()).get("message").asText();
        assertTrue(message.contains("expected 6 fields") && message.contains("found 5"), message);
        assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
    }

    @Test
    void anEnvironmentWithoutEndpointIs404ListingTheKnownOnes() throws Exception {
        HttpResponse<String> response = Http.post(api("qa"), "text/csv", null, TestModels.WORKSHOP_RECORD);
        assertEquals(404, response.statusCode());
        JsonNode body = JSON.readTree(response.body());
        assertTrue(body.get("message").asText().contains("'qa'"), response.body());
        assertEquals("[\"prod\",\"staging\"]", body.get("known_environments").toString());
    }

    @Test
    void oversizedBodiesAre413() {
        String big = (TestModels.WORKSHOP_RECORD + "\n").repeat(300);
        assertEquals(413, Http.post(api("staging"), "text/csv", null, big).statusCode());
    }

    private static void assertPredicts(ModelRef model, HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("*", response.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        double score = JSON.readTree(response.body()).at("/predictions/0/score").asDouble();
        assertEquals(models.expectedScores(model, List.of(TestModels.WORKSHOP_RECORD))[0], score, 1e-12);
    }

    private static URI api(String env) {
        return server.baseUri().resolve("/api/" + env + "/predict");
    }
}
