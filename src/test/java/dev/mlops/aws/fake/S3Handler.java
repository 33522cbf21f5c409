package dev.mlops.aws.fake;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** The S3 REST requests the fake understands, path-style: {@code /{bucket}} and {@code /{bucket}/{key}}. */
final class S3Handler implements HttpHandler {
    private final FakeS3 store;

    S3Handler(FakeS3 store) {
        this.store = store;
    }

    /** What one request addresses, and what it sent. */
    record S3Request(String method, String bucket, Optional<String> key, Map<String, String> query,
                     Headers headers, byte[] body) {
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            S3Request request = parse(exchange);
            if (request.bucket().isEmpty()) {
                error(exchange, 501, "NotImplemented", "the fake S3 does not list buckets");
            } else if (!"PUT".equals(request.method()) || request.key().isPresent()) {
                requireBucket(exchange, request);
            } else {
                store.createBucket(request.bucket());
                exchange.getResponseHeaders().set("Location", "/" + request.bucket());
                send(exchange, 200, new byte[0], "application/xml");
            }
        }
    }

    private void requireBucket(HttpExchange exchange, S3Request request) throws IOException {
        if (!store.bucketExists(request.bucket())) {
            error(exchange, 404, "NoSuchBucket", "The specified bucket does not exist");
        } else if (request.key().isPresent()) {
            objectRequest(exchange, request, request.key().get());
        } else {
            bucketRequest(exchange, request);
        }
    }

    private void bucketRequest(HttpExchange exchange, S3Request request) throws IOException {
        switch (request.method()) {
            case "HEAD" -> send(exchange, 200, new byte[0], "application/xml");
            case "DELETE" -> {
                if (store.deleteBucket(request.bucket())) {
                    send(exchange, 204, new byte[0], "application/xml");
                } else {
                    error(exchange, 409, "BucketNotEmpty", "The bucket you tried to delete is not empty");
                }
            }
            case "GET" -> {
                if (!"2".equals(request.query().get("list-type"))) {
                    error(exchange, 501, "NotImplemented", "the fake S3 lists with ListObjectsV2 only");
                    return;
                }
                byte[] xml = S3Listing.listV2(request.bucket(), store.objects(request.bucket()), request.query())
                        .getBytes(StandardCharsets.UTF_8);
                send(exchange, 200, xml, "application/xml");
            }
            default -> error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed");
        }
    }

    private void objectRequest(HttpExchange exchange, S3Request request, String key) throws IOException {
        switch (request.method()) {
            case "PUT" -> put(exchange, request, key);
            case "GET", "HEAD" -> get(exchange, request, key);
            case "DELETE" -> {
                store.delete(request.bucket(), key);
                send(exchange, 204, new byte[0], "application/xml");
            }
            default -> error(exchange, 405, "MethodNotAllowed", "The specified method is not allowed");
        }
    }

    private void put(HttpExchange exchange, S3Request request, String key) throws IOException {
        if (request.headers().containsKey("x-amz-copy-source")) {
            error(exchange, 501, "NotImplemented", "the fake S3 does not copy objects");
            return;
        }
        String contentType = Optional.ofNullable(request.headers().getFirst("Content-Type"))
                .orElse("binary/octet-stream");
        FakeS3.StoredObject object = store.store(request.bucket(), key, payload(request), contentType);
        exchange.getResponseHeaders().set("ETag", object.etag());
        send(exchange, 200, new byte[0], "application/xml");
    }

    private void get(HttpExchange exchange, S3Request request, String key) throws IOException {
        Optional<FakeS3.StoredObject> found = store.object(request.bucket(), key);
        if (found.isEmpty()) {
            error(exchange, 404, "NoSuchKey", "The specified key does not exist.");
            return;
        }
        FakeS3.StoredObject object = found.get();
        Headers headers = exchange.getResponseHeaders();
        headers.set("ETag", object.etag());
        headers.set("Last-Modified", DateTimeFormatter.RFC_1123_DATE_TIME.format(
                object.lastModified().atOffset(ZoneOffset.UTC)));
        headers.set("Accept-Ranges", "bytes");
        send(exchange, 200, object.body(), object.contentType());
    }

    /** Uploads over plain HTTP arrive aws-chunked (signed chunks plus a checksum trailer). */
    private static byte[] payload(S3Request request) {
        String sha = Optional.ofNullable(request.headers().getFirst("x-amz-content-sha256")).orElse("");
        String encoding = Optional.ofNullable(request.headers().getFirst("Content-Encoding")).orElse("");
        return sha.startsWith("STREAMING-") || encoding.contains("aws-chunked")
                ? AwsChunked.decode(request.body()) : request.body();
    }

    private static S3Request parse(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        int slash = trimmed.indexOf('/');
        String bucket = slash < 0 ? trimmed : trimmed.substring(0, slash);
        Optional<String> key = slash < 0 || slash == trimmed.length() - 1
                ? Optional.empty() : Optional.of(trimmed.substring(slash + 1));
        return new S3Request(exchange.getRequestMethod(), bucket, key, query(exchange.getRequestURI().getRawQuery()),
                exchange.getRequestHeaders(), exchange.getRequestBody().readAllBytes());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>"
                + S3Listing.escape(message) + "</Message><RequestId>" + UUID.randomUUID() + "</RequestId></Error>";
        send(exchange, status, xml.getBytes(StandardCharsets.UTF_8), "application/xml");
    }

    /** HEAD answers carry the headers (Content-Length included) but no body. */
    private static void send(HttpExchange exchange, int status, byte[] body, String contentType) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amz-request-id", UUID.randomUUID().toString());
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        boolean empty = body.length == 0 || status == 204;
        exchange.sendResponseHeaders(status, empty ? -1 : body.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
