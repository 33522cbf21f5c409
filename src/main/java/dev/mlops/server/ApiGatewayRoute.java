package dev.mlops.server;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.mlops.api.PredictFunction;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code /api/{env}/predict}, like an API Gateway HTTP API stage URL with an {@code ANY /predict}
 * route: the HTTP request becomes a payload v2 event, the product's {@link PredictFunction} handles
 * it in-process, and its response goes back as is. The function calls the environment's endpoint
 * through the real AWS SDK, which this same server answers.
 */
final class ApiGatewayRoute {
    private final Endpoints endpoints;
    private final Function<String, PredictFunction> functionFor;
    private final Map<String, PredictFunction> functions = new ConcurrentHashMap<>();
    private final long maxBodyBytes;
    private final Consumer<String> log;

    ApiGatewayRoute(Endpoints endpoints, Function<String, PredictFunction> functionFor, ServingOptions options) {
        this.endpoints = endpoints;
        this.functionFor = functionFor;
        this.maxBodyBytes = options.maxBodyBytes();
        this.log = options.log();
    }

    void handle(HttpExchange exchange, String env) throws IOException {
        Optional<HostedEndpoint> endpoint = endpoints.forEnv(env);
        if (endpoint.isEmpty()) {
            ObjectNode body = HttpIo.error("NotFound", "cannot route " + exchange.getRequestURI().getPath()
                    + ": no endpoint is deployed for environment '" + env + "'");
            endpoints.envs().forEach(body.putArray("known_environments")::add);
            HttpIo.sendJson(exchange, 404, body);
            return;
        }
        byte[] body;
        try {
            body = HttpIo.readBody(exchange, maxBodyBytes);
        } catch (HttpIo.TooLarge e) {
            HttpIo.sendJson(exchange, 413, HttpIo.error("PayloadTooLarge", e.getMessage()));
            return;
        }
        String requestId = RequestIds.next();
        PredictFunction function = functions.computeIfAbsent(endpoint.get().name(), functionFor);
        APIGatewayV2HTTPResponse response = function.handleRequest(event(exchange, env, body, requestId),
                new LocalLambdaContext(requestId, "mlops-predict-" + env, log));
        write(exchange, response);
    }

    private static APIGatewayV2HTTPEvent event(HttpExchange exchange, String env, byte[] body, String requestId) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        Optional<String> text = utf8(body);
        String path = exchange.getRequestURI().getRawPath();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("ANY /predict")
                .withRawPath(path)
                .withRawQueryString(Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""))
                .withHeaders(headers)
                .withBody(text.orElseGet(() -> Base64.getEncoder().encodeToString(body)))
                .withIsBase64Encoded(text.isEmpty())
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRouteKey("ANY /predict").withStage(env).withRequestId(requestId).withApiId("local")
                        .withAccountId("000000000000").withTimeEpoch(System.currentTimeMillis())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod()).withPath(path)
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.getOrDefault("user-agent", "")).build())
                        .build())
                .build();
    }

    /** Text bodies pass as they are; anything that is not UTF-8 goes base64-encoded, as API Gateway does. */
    private static Optional<String> utf8(byte[] body) {
        if (ascii(body)) {
            return Optional.of(new String(body, StandardCharsets.ISO_8859_1));
        }
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** ASCII is UTF-8 too, and the usual CSV or JSON body: it needs no decoder. */
    private static boolean ascii(byte[] body) {
        for (byte b : body) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    private static void write(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        Optional.ofNullable(response.getHeaders()).ifPresent(h -> h.forEach(exchange.getResponseHeaders()::set));
        String body = Optional.ofNullable(response.getBody()).orElse("");
        byte[] bytes = response.getIsBase64Encoded() ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        boolean empty = bytes.length == 0 || response.getStatusCode() == 204;
        exchange.sendResponseHeaders(response.getStatusCode(), empty ? -1 : bytes.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
