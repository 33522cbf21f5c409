package dev.mlops.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reading bounded request bodies and writing responses, shared by the routes. */
final class HttpIo {
    private HttpIo() {
    }

    /** The request body is larger than the limit. */
    static final class TooLarge extends Exception {
        private static final long serialVersionUID = 1L;

        TooLarge(long limit) {
            super("cannot accept the request: the body is larger than " + limit + " bytes");
        }
    }

    /** The body, refused early by its Content-Length or while reading once past {@code limit} bytes. */
    /** How much of a refused body is read and dropped before answering 413; beyond it the connection closes. */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;
    private static final Pattern DECIMAL_LENGTH = Pattern.compile("[0-9]{1,18}");

    static byte[] readBody(HttpExchange exchange, long limit) throws IOException, TooLarge {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (length != null && DECIMAL_LENGTH.matcher(length).matches() && Long.parseLong(length) > limit) {
                drain(in);
                throw new TooLarge(limit);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16384];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (out.size() + read > limit) {
                    drain(in);
                    throw new TooLarge(limit);
                }
                out.write(buffer, 0, read);
            }
            return out.toByteArray();
        }
    }

    /**
     * Reads and drops what is left of a refused body (up to a bound), so the client finishes
     * sending and reads the 413 instead of a connection reset.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[65536];
        long dropped = 0;
        int read;
        while (dropped < DRAIN_LIMIT && (read = in.read(buffer)) >= 0) {
            dropped += read;
        }
    }

    /** The request's media type, lower-cased and without parameters; empty when absent. */
    static Optional<String> mediaType(HttpExchange exchange, String header) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(header))
                .map(value -> value.split(";", 2)[0].trim().toLowerCase(Locale.ROOT))
                .filter(value -> !value.isEmpty());
    }

    static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean empty = bytes.length == 0 || status == 204 || exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, empty ? -1 : bytes.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    static void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, "application/json", body.toString());
    }

    /** {@code {"error": code, "message": message}}. */
    static ObjectNode error(String code, String message) {
        return JsonNodeFactory.instance.objectNode().put("error", code).put("message", message);
    }
}
