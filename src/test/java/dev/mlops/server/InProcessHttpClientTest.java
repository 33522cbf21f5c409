package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/**
 * The API route's SDK client without a socket: the real SDK's signed request reaches the routes as
 * it would over HTTP, and their answer comes back through the SDK's own response and error handling.
 */
class InProcessHttpClientTest {
    private static final URI BASE = URI.create("http://127.0.0.1:8080");
    private static final String RECORD = "L,298.4,308.2,1582,70.7,216";

    @TempDir
    Path stateDir;

    /** What a route saw of one request. */
    private record Seen(String method, String target, String authorization, String date, String contentType,
                        String accept, String contentLength, String host, byte[] body, boolean loopback) {
    }

    @Test
    void theSignedRequestReachesTheRoutesAsOnTheWireAndTheAnswerComesBack() {
        List<Seen> seen = new ArrayList<>();
        byte[] answer = "{\"predictions\":[{\"score\":0.25,\"predicted_label\":0}]}".getBytes(StandardCharsets.UTF_8);
        try (SageMakerRuntimeClient client = LocalRuntimeClient.inProcess(BASE, exchange -> {
            try (exchange) {
                var headers = exchange.getRequestHeaders();
                seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                        headers.getFirst("Authorization"), headers.getFirst("X-Amz-Date"), headers.getFirst("Content-Type"),
                        headers.getFirst("Accept"), headers.getFirst("Content-Length"), headers.getFirst("Host"),
                        exchange.getRequestBody().readAllBytes(), exchange.getRemoteAddress().getAddress().isLoopbackAddress()));
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.getResponseHeaders().set("X-Amzn-Invoked-Production-Variant", "v7");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        })) {
            InvokeEndpointResponse response = client.invokeEndpoint(InvokeEndpointRequest.builder()
                    .endpointName("pm-staging").contentType("text/csv").accept("application/json")
                    .body(SdkBytes.fromUtf8String(RECORD)).build());
            assertEquals(new String(answer, StandardCharsets.UTF_8), response.body().asUtf8String());
            assertEquals("v7", response.invokedProductionVariant());
            assertEquals("application/json", response.contentType());
        }
        assertEquals(1, seen.size());
        Seen request = seen.get(0);
        assertEquals("POST", request.method());
        assertEquals("/endpoints/pm-staging/invocations", request.target());
        assertTrue(request.authorization().startsWith("AWS4-HMAC-SHA256 Credential=local/")
                && request.authorization().contains("/us-east-1/sagemaker/aws4_request")
                && request.authorization().contains("Signature="), request.authorization());
        assertTrue(request.date().matches("\\d{8}T\\d{6}Z"), request.date());
        assertEquals("text/csv", request.contentType());
        assertEquals("application/json", request.accept());
        assertEquals(Integer.toString(RECORD.length()), request.contentLength());
        assertEquals("127.0.0.1:8080", request.host());
        assertArrayEquals(RECORD.getBytes(StandardCharsets.UTF_8), request.body());
        assertTrue(request.loopback());
    }

    @Test
    void theRoutesErrorsBecomeTheSdksExceptions() {
        ServingOptions options = ServingOptions.defaults(stateDir).withLog(line -> { });
        Endpoints none = new Endpoints();
        EndpointFiles files = new EndpointFiles(stateDir);
        CaptureQueue capture = new CaptureQueue(new DataCapture(files, options.log()), options.log());
        EndpointRoutes routes = new EndpointRoutes(new InvocationHandler(none, capture, options),
                new AdminHandler(none, files, capture), options.log());
        try (capture; SageMakerRuntimeClient client = LocalRuntimeClient.inProcess(BASE, routes::serve)) {
            ValidationErrorException missing = assertThrows(ValidationErrorException.class, () ->
                    client.invokeEndpoint(InvokeEndpointRequest.builder().endpointName("pm-qa").contentType("text/csv")
                            .body(SdkBytes.fromUtf8String(RECORD)).build()));
            assertEquals(404, missing.statusCode());
            assertTrue(missing.awsErrorDetails().errorMessage().contains("pm-qa"), missing.getMessage());
        }
    }

    @Test
    void aRouteThatAnswersNothingIsA500WhichTheSdkRetries() {
        AtomicInteger attempts = new AtomicInteger();
        try (SageMakerRuntimeClient client = LocalRuntimeClient.inProcess(BASE, exchange -> attempts.incrementAndGet())) {
            AwsServiceException failed = assertThrows(AwsServiceException.class, () -> client.invokeEndpoint(
                    InvokeEndpointRequest.builder().endpointName("pm-staging").contentType("text/csv")
                            .body(SdkBytes.fromUtf8String(RECORD)).build()));
            assertEquals(500, failed.statusCode());
        }
        assertTrue(attempts.get() > 1, "the SDK's retry policy applies as over HTTP: " + attempts.get() + " attempt(s)");
    }

    @Test
    void theTargetKeepsItsEncodedPathAndQuery() throws Exception {
        List<String> targets = new ArrayList<>();
        InProcessHttpClient client = new InProcessHttpClient(exchange -> {
            targets.add(exchange.getRequestURI().toString());
            exchange.close();
        });
        for (String path : List.of("/endpoints/a%2Fb/invocations", "")) {
            SdkHttpFullRequest request = SdkHttpFullRequest.builder().method(SdkHttpMethod.GET).protocol("http")
                    .host("127.0.0.1").port(8080).encodedPath(path).putRawQueryParameter("q", "a b&c").build();
            int status = client.prepareRequest(HttpExecuteRequest.builder().request(request).build()).call()
                    .httpResponse().statusCode();
            assertEquals(500, status, "a route that sends nothing is a 500");
        }
        assertEquals(List.of("/endpoints/a%2Fb/invocations?q=a%20b%26c", "/?q=a%20b%26c"), targets);
    }
}
