package dev.mlops.smoke;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Pattern;

/** Sends one case's request and reads the whole answer, timing it; it never retries. */
final class SmokeHttp {
    /** RFC 9110 token: what a header name may be. */
    static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the JDK client sets itself and refuses from callers. */
    static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");
    /** Bodies past this are counted but not kept: a smoke answer is small, a wrong URL may not be. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private final HttpClient client;
    private final Duration timeout;

    SmokeHttp(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    HttpAnswer send(URI target, SmokeRequest request) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = request.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(timeout).method(request.method(), body);
        request.headers().forEach(builder::header);
        long start = System.nanoTime();
        HttpResponse<InputStream> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] kept;
        try (InputStream in = response.body()) {
            kept = in.readNBytes(MAX_BODY_BYTES);
            in.transferTo(OutputStream.nullOutputStream());
        }
        long latencyMs = (System.nanoTime() - start) / 1_000_000;
        return new HttpAnswer(response.statusCode(), response.headers().map(),
                new String(kept, StandardCharsets.UTF_8), latencyMs);
    }
}
