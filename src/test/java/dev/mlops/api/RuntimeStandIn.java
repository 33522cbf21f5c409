package dev.mlops.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A stand-in for the SageMaker Runtime's {@code InvokeEndpoint} on a local port, for running the
 * Lambda handler in a fresh JVM: it answers {@code POST /endpoints/<name>/invocations} for one
 * endpoint with a prediction per CSV line and the invoked production variant header, and records
 * what it was sent. Uses only the JDK, so the JVM under test loads nothing for it.
 */
final class RuntimeStandIn implements AutoCloseable {
    static final String VARIANT_HEADER = "x-Amzn-Invoked-Production-Variant";

    /** One request as received: path, headers (lower-cased names) and body. */
    record Received(String method, String path, Map<String, String> headers, String body) {
    }

    private final HttpServer server;
    private final String endpointName;
    private final String variant;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    private RuntimeStandIn(String endpointName, String variant) throws IOException {
        this.endpointName = endpointName;
        this.variant = variant;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static RuntimeStandIn start(String endpointName, String variant) throws IOException {
        return new RuntimeStandIn(endpointName, variant);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** What the stand-in answers for these CSV records: a fixed score per record, from its text. */
    static String predictions(List<String> records) {
        return records.stream().map(r -> {
            double score = Math.floorMod(r.hashCode(), 1000) / 1000.0;
            return "{\"score\":" + score + ",\"predicted_label\":" + (score > 0.5 ? 1 : 0) + "}";
        }).collect(Collectors.joining(",", "{\"predictions\":[", "]}"));
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String path = exchange.getRequestURI().getPath();
        received.add(new Received(exchange.getRequestMethod(), path, headers, body));
        if (!path.equals("/endpoints/" + endpointName + "/invocations")) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", "ValidationError");
            send(exchange, 400, "application/json", "{\"message\":\"Endpoint " + path + " of account 123456789012 not found.\"}");
            return;
        }
        List<String> records = new ArrayList<>(body.lines().filter(l -> !l.isBlank()).toList());
        exchange.getResponseHeaders().add(VARIANT_HEADER, variant);
        send(exchange, 200, "application/json", predictions(records));
    }

    private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
