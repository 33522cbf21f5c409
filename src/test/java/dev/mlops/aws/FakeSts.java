package dev.mlops.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake of STS's AssumeRole (the AWS Query protocol: a form POST answered with XML) on 127.0.0.1.
 * Each call hands out new keys ({@code ASIAFAKE0001}, {@code ASIAFAKE0002}...) that expire after
 * {@code lifetime}, so a test can see a client renew them.
 */
final class FakeSts implements AutoCloseable {
    private final Duration lifetime;
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeSts(Duration lifetime) {
        this.lifetime = lifetime;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The form parameters of every request, in order. */
    List<Map<String, String>> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(form);
            String key = String.format("ASIAFAKE%04d", requests.size());
            Instant expiration = Instant.now().plus(lifetime).truncatedTo(ChronoUnit.SECONDS);
            String xml = "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                    + "<Credentials><AccessKeyId>" + key + "</AccessKeyId><SecretAccessKey>secret-" + key
                    + "</SecretAccessKey><SessionToken>token-" + key + "</SessionToken><Expiration>" + expiration
                    + "</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROAFAKE:" + form.get("RoleSessionName")
                    + "</AssumedRoleId><Arn>" + form.get("RoleArn") + "</Arn></AssumedRoleUser></AssumeRoleResult>"
                    + "<ResponseMetadata><RequestId>req-" + requests.size() + "</RequestId></ResponseMetadata>"
                    + "</AssumeRoleResponse>";
            byte[] body = xml.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
