package dev.mlops.aws.fake;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.mlops.api.PredictFunction;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * A stand-in for an API Gateway HTTP API stage on 127.0.0.1: {@code POST /<stage><route>} (and any
 * other method) goes to the REAL {@link PredictFunction} handler as a payload-2.0 event, the handler
 * calls {@code InvokeEndpoint} on the fake SageMaker Runtime, and its response is answered as API
 * Gateway answers a Lambda proxy response. When asked, it first checks what API Gateway checks,
 * answering 403 {@code {"message": ...}} as API Gateway does: a SigV4 signature for IAM authorisation
 * ({@link SigV4Check}) and an {@code x-api-key}. Another path is 404 {@code {"message":"Not Found"}}.
 */
public final class FakeApiGateway implements AutoCloseable {
    private final String stage;
    private final String route;
    private final PredictFunction function;
    private final List<Seen> seen = new ArrayList<>();
    private Optional<SigV4Check> iam = Optional.empty();
    private Optional<String> apiKey = Optional.empty();
    private HttpServer server;
    private ExecutorService executor;

    /** A request as it reached the stage (header names lower-cased) and the status it was answered with. */
    public record Seen(String method, String path, Map<String, String> headers, int status) {
    }

    /** The stage {@code stage} with one route, e.g. {@code staging} and {@code /predict}, in front of {@code function}. */
    public FakeApiGateway(String stage, String route, PredictFunction function) {
        this.stage = stage;
        this.route = route;
        this.function = function;
    }

    /** Requests must be signed with SigV4 for {@code execute-api} in {@code region} by {@code credentials}. */
    public synchronized FakeApiGateway requireIam(AwsCredentialsIdentity credentials, String region) {
        iam = Optional.of(new SigV4Check(credentials, region));
        return this;
    }

    /** Requests must carry {@code x-api-key: key}. */
    public synchronized FakeApiGateway requireApiKey(String key) {
        apiKey = Optional.of(key);
        return this;
    }

    public FakeApiGateway start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the fake API Gateway", e);
        }
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    /** The stage's route, e.g. {@code http://127.0.0.1:PORT/staging/predict}. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + stage + route);
    }

    public synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                    String.join(",", values)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            APIGatewayV2HTTPResponse response = answer(exchange, headers, body);
            synchronized (this) {
                seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), Map.copyOf(headers),
                        response.getStatusCode()));
            }
            respond(exchange, response);
        }
    }

    private APIGatewayV2HTTPResponse answer(HttpExchange exchange, Map<String, String> headers, String body) {
        URI uri = exchange.getRequestURI();
        if (!uri.getRawPath().equals("/" + stage + route)) {
            return gatewayError(404, "Not Found");
        }
        Optional<String> refused;
        synchronized (this) {
            refused = iam.flatMap(check -> check.refusal(exchange.getRequestMethod(), uri, headers, body))
                    .or(() -> apiKey.filter(key -> !key.equals(headers.get("x-api-key"))).map(key -> "Forbidden"));
        }
        if (refused.isPresent()) {
            return gatewayError(403, refused.get());
        }
        return function.handleRequest(event(exchange.getRequestMethod(), uri, headers, body), null);
    }

    private static APIGatewayV2HTTPEvent event(String method, URI uri, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(uri.getRawPath())
                .withRawQueryString(Optional.ofNullable(uri.getRawQuery()).orElse(""))
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method)
                                .withPath(uri.getRawPath()).build())
                        .build())
                .build();
    }

    /** API Gateway's own errors: JSON {@code {"message": ...}} with no CORS header. */
    private static APIGatewayV2HTTPResponse gatewayError(int status, String message) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json", "x-amzn-ErrorType",
                        status == 403 ? "ForbiddenException" : "NotFoundException"))
                .withBody(Json.write(Json.object().put("message", message))).build();
    }

    private static void respond(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        byte[] bytes = Optional.ofNullable(response.getBody()).orElse("").getBytes(StandardCharsets.UTF_8);
        Optional.ofNullable(response.getHeaders()).ifPresent(h -> h.forEach(exchange.getResponseHeaders()::set));
        exchange.getResponseHeaders().set("apigw-requestid", java.util.UUID.randomUUID().toString());
        exchange.sendResponseHeaders(response.getStatusCode(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
