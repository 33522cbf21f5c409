package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The AWS JSON 1.1 protocol: {@code POST /} with {@code X-Amz-Target: <prefix>.<Operation>}.
 * Records every request, applies armed faults, then runs the operation under the fake's lock
 * so that operations and test hooks see one consistent state.
 */
final class JsonRpcHandler implements HttpHandler {
    private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final String targetPrefix;
    private final Map<String, Operation> operations;
    private final Faults faults;
    private final Object lock;
    private final List<RecordedRequest> recorded = new ArrayList<>();

    JsonRpcHandler(String targetPrefix, Map<String, Operation> operations, Faults faults, Object lock) {
        this.targetPrefix = targetPrefix + ".";
        this.operations = Map.copyOf(operations);
        this.faults = faults;
        this.lock = lock;
    }

    List<RecordedRequest> recorded() {
        synchronized (recorded) {
            return List.copyOf(recorded);
        }
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            ObjectNode reply;
            int status = 200;
            try {
                reply = dispatch(exchange);
            } catch (ApiError e) {
                status = e.status();
                reply = errorBody(e.type(), e.getMessage());
            } catch (RuntimeException e) {
                // a bug in the fake itself: answer like AWS does so the SDK surfaces it
                status = 500;
                reply = errorBody("InternalFailure", "fake failed: " + e);
            }
            respond(exchange, status, reply);
        }
    }

    private ObjectNode dispatch(HttpExchange exchange) throws IOException {
        String target = Optional.ofNullable(exchange.getRequestHeaders().getFirst("X-Amz-Target")).orElse("");
        if (!"POST".equals(exchange.getRequestMethod()) || !target.startsWith(targetPrefix)) {
            throw new ApiError(400, "UnknownOperationException", "missing or foreign X-Amz-Target: " + target);
        }
        String operation = target.substring(targetPrefix.length());
        JsonNode body = readBody(exchange.getRequestBody());
        Optional<ApiError> fault = faults.next();
        record(new RecordedRequest(operation, body, headers(exchange), fault.map(ApiError::type)));
        pause(faults.delay());
        if (fault.isPresent()) {
            throw fault.get();
        }
        Operation handler = operations.get(operation);
        if (handler == null) {
            throw new ApiError(400, "UnknownOperationException", "the fake does not implement " + operation);
        }
        JsonNode result;
        synchronized (lock) {
            result = handler.handle(body);
        }
        return result.isObject() ? (ObjectNode) result : Json.object();
    }

    /** Keeps a request in arrival order; the runtime's calls are kept here too. */
    void record(RecordedRequest request) {
        synchronized (recorded) {
            recorded.add(request);
        }
    }

    private static JsonNode readBody(InputStream in) throws IOException {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return text.isBlank() ? Json.object() : Json.parse(text);
    }

    private static Map<String, List<String>> headers(HttpExchange exchange) {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        return headers;
    }

    private static void pause(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode errorBody(String type, String message) {
        ObjectNode body = Json.object();
        body.put("__type", type);
        body.put("message", message);
        return body;
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
