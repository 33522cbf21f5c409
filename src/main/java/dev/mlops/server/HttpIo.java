package dev.mlops.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

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

    /** How much of a refused body is read and dropped before answering 413; beyond it the connection closes. */
    private static final long DRAIN_LIMIT = 64L * 1024 * 1024;

    /** The body, refused early by its Content-Length or while reading once past {@code limit} bytes. */
    static byte[] readBody(HttpExchange exchange, long limit) throws IOException, TooLarge {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (length != null && isDecimal(length) && Long.parseLong(length) > limit) {
                drain(in);
                throw new TooLarge(limit);
            }
            byte[] body = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (body.length > limit) {
                drain(in);
                throw new TooLarge(limit);
            }
            return body;
        }
    }

    /** 1 to 18 ASCII digits: a length that parses as a long. */
    private static boolean isDecimal(String text) {
        if (text.isEmpty() || text.length() > 18) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
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

    /** A route's work on one exchange. */
    interface Action {
        void run() throws IOException;
    }

    /**
     * Runs {@code action} and closes the exchange, which sends the answer. A client gone mid-response
     * is logged; a bug is logged and answered 500 without details.
     */
    static void answer(HttpExchange exchange, Consumer<String> log, Action action) {
        try (exchange) {
            action.run();
        } catch (IOException e) {
            log.accept("cannot answer " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            log.accept("cannot answer " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": "
                    + e.getClass().getName() + ": " + e.getMessage());
            try {
                sendJson(exchange, 500, error("InternalFailure", "cannot answer the request: internal error"));
            } catch (IOException | RuntimeException unsent) {
                // Headers were already sent or the client left: the log line above is all there is.
            }
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
