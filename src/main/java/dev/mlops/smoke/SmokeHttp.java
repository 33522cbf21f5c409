package dev.mlops.smoke;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Sends one case's request over HTTP and reads the whole answer, timing it; it never retries. The
 * time-out bounds the whole exchange, body included (the JDK client's own time-out stops at the
 * headers), and only the start of a large body is kept. Decorators add their headers (an API key,
 * a signature) last, so a signature covers everything sent.
 */
final class SmokeHttp implements SmokeTransport {
    /** RFC 9110 token: what a header name may be. */
    static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers the JDK client sets itself and refuses from callers. */
    static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade");
    /** Bodies past this are read but not kept: a smoke answer is small, a wrong URL's may not be. */
    static final int MAX_BODY_BYTES = 1 << 20;
    private final HttpClient client;
    private final Duration timeout;
    private final List<RequestDecorator> decorators;
    private final String refusalHint;

    SmokeHttp(Duration timeout) {
        this(timeout, List.of(), OPEN_REFUSAL_HINT);
    }

    SmokeHttp(Duration timeout, List<RequestDecorator> decorators, String refusalHint) {
        this.timeout = timeout;
        this.decorators = List.copyOf(decorators);
        this.refusalHint = refusalHint;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(timeout)
                .build();
    }

    @Override
    public List<String> secrets() {
        return decorators.stream().flatMap(d -> d.secrets().stream()).toList();
    }

    @Override
    public String refusalHint() {
        return refusalHint;
    }

    @Override
    public HttpAnswer send(URI target, SmokeRequest original) throws IOException, InterruptedException {
        SmokeRequest request = decorated(target, original);
        HttpRequest.BodyPublisher body = request.body().isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.body(), StandardCharsets.UTF_8);
        HttpRequest.Builder builder = HttpRequest.newBuilder(target).timeout(timeout).method(request.method(), body);
        request.headers().forEach(builder::header);
        BoundedBody kept = new BoundedBody();
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<Void>> exchange =
                client.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofByteArrayConsumer(kept));
        HttpResponse<Void> response = await(exchange);
        long latencyMs = (System.nanoTime() - start) / 1_000_000;
        return new HttpAnswer(response.statusCode(), response.headers().map(), kept.text(), latencyMs);
    }

    private SmokeRequest decorated(URI target, SmokeRequest request) {
        SmokeRequest decorated = request;
        for (RequestDecorator decorator : decorators) {
            Map<String, String> headers = new LinkedHashMap<>(decorated.headers());
            decorator.headers(target, decorated).forEach((name, value) -> {
                headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
                headers.put(name, value);
            });
            decorated = new SmokeRequest(decorated.method(), decorated.path(), headers, decorated.body());
        }
        return decorated;
    }

    private HttpResponse<Void> await(CompletableFuture<HttpResponse<Void>> exchange)
            throws IOException, InterruptedException {
        try {
            return exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new HttpTimeoutException("no complete answer in time");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    /** Keeps the first {@link #MAX_BODY_BYTES} of a body the client hands over in chunks. */
    private static final class BoundedBody implements Consumer<Optional<byte[]>> {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void accept(Optional<byte[]> chunk) {
            chunk.ifPresent(b -> bytes.write(b, 0, Math.min(b.length, MAX_BODY_BYTES - bytes.size())));
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
