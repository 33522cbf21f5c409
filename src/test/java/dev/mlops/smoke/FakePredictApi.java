package dev.mlops.smoke;

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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 that answers like the product's API route: CSV records in,
 * {@code {"predictions":[...]}} out, CORS {@code *} on every answer, 204 for OPTIONS, 405 for other
 * methods and 400 with {@code {"message": ...}} naming the field for bad records (the texts are the
 * product's PredictFunction's). It scores with the AI4I failure rules, so the workshop's records
 * get the labels a trained model gives them. A test can make it misbehave.
 */
final class FakePredictApi implements AutoCloseable {
    static final String PATH = "/api/staging/predict";
    private static final List<String> FIELDS = List.of("Type", "Air temperature", "Process temperature",
            "Rotational speed", "Torque", "Tool wear");
    private static final Map<String, Double> OVERSTRAIN = Map.of("L", 11000.0, "M", 12000.0, "H", 13000.0);

    enum Mode { CONTRACT, WRONG_LABELS, SERVER_ERROR, ECHO_HEADERS, HUGE_BODY, STALLED_BODY }

    /** A request as the server saw it. */
    record Seen(String method, String pathAndQuery, Map<String, List<String>> headers, String body) {
    }

    private final HttpServer server;
    private volatile Mode mode = Mode.CONTRACT;
    private volatile long delayMs;
    final List<Seen> seen = new CopyOnWriteArrayList<>();

    FakePredictApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + PATH);
    }

    FakePredictApi mode(Mode newMode) {
        this.mode = newMode;
        return this;
    }

    /** Every answer waits this long before its headers are sent. */
    FakePredictApi delay(long millis) {
        this.delayMs = millis;
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, List<String>> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(), headers, body));
            pause();
            exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
            exchange.getResponseHeaders().add("Access-Control-Allow-Methods", "POST, OPTIONS");
            answer(exchange, headers, body);
        }
    }

    private void answer(HttpExchange exchange, Map<String, List<String>> headers, String body) throws IOException {
        switch (exchange.getRequestMethod()) {
            case "OPTIONS" -> {
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            case "POST" -> { }
            default -> {
                send(exchange, 405, "{\"message\":\"cannot call the prediction API: use POST (or OPTIONS)\"}");
                return;
            }
        }
        if (mode == Mode.HUGE_BODY || mode == Mode.STALLED_BODY) {
            streamBody(exchange);
        } else if (mode == Mode.SERVER_ERROR) {
            send(exchange, 500, "{\"message\":\"Internal Server Error\"}");
        } else if (mode == Mode.ECHO_HEADERS) {
            send(exchange, 200, "{\"predictions\":[],\"echo\":\"" + headers + "\"}");
        } else {
            String error = validate(body);
            send(exchange, error.isEmpty() ? 200 : 400, error.isEmpty() ? predictions(body) : error);
        }
    }

    /** 3 MiB of body, or a few bytes and then nothing while the connection stays open. */
    private void streamBody(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        byte[] chunk = "0123456789abcdef".repeat(4096).getBytes(StandardCharsets.US_ASCII);
        if (mode == Mode.HUGE_BODY) {
            for (int i = 0; i < 48; i++) {
                out.write(chunk);
            }
            out.close();
            return;
        }
        out.write(chunk, 0, 10);
        out.flush();
        delay(2000).pause();
    }

    private void pause() {
        if (delayMs > 0) {
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static String validate(String body) {
        if (body.isBlank()) {
            return "{\"message\":\"cannot score: the request has no records\"}";
        }
        for (String line : body.split("\n")) {
            String[] fields = line.trim().split(",", -1);
            if (fields.length != FIELDS.size()) {
                return "{\"message\":\"cannot score the record: expected 6 fields (" + String.join(",", FIELDS) + "), found "
                        + fields.length + "\"}";
            }
            for (int i = 1; i < fields.length; i++) {
                try {
                    Double.parseDouble(fields[i]);
                } catch (NumberFormatException e) {
                    return "{\"message\":\"cannot score the record: field " + (i + 1) + " '" + FIELDS.get(i)
                            + "' must be a number\"}";
                }
            }
        }
        return "";
    }

    private String predictions(String body) {
        List<String> items = new ArrayList<>();
        for (String line : body.split("\n")) {
            boolean failure = isFailure(line.trim().split(","));
            if (mode == Mode.WRONG_LABELS) {
                failure = !failure;
            }
            items.add(failure ? "{\"score\":0.81,\"predicted_label\":1}" : "{\"score\":0.19,\"predicted_label\":0}");
        }
        return "{\"predictions\":[" + String.join(",", items) + "]}";
    }

    /** AI4I's power and overstrain failure rules. */
    private static boolean isFailure(String[] fields) {
        double rpm = Double.parseDouble(fields[3]);
        double torque = Double.parseDouble(fields[4]);
        double wear = Double.parseDouble(fields[5]);
        double watts = torque * rpm * 2 * Math.PI / 60;
        return watts < 3500 || watts > 9000 || wear * torque > OVERSTRAIN.getOrDefault(fields[0], 11000.0);
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
