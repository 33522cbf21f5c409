package dev.mlops.server;

import com.sun.net.httpserver.Headers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The API route's HTTP client: the SDK's signed request, as it would go on the wire (method, path,
 * query, headers, body), is answered by the serving process's own routes on the calling thread, and
 * their status, headers and body go back to the SDK as the response. Everything above the transport
 * stays the SDK's (marshalling, signing, retries, error parsing); what goes is the loopback socket,
 * the second pass through Jetty and a thread hand-off, which cost more per API request than the
 * SDK and the endpoint together (see the README's serving benchmarks).
 */
final class InProcessHttpClient implements SdkHttpClient {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private final Consumer<BufferedExchange> routes;

    /** {@code routes} answers and closes each exchange on the calling thread. */
    InProcessHttpClient(Consumer<BufferedExchange> routes) {
        this.routes = routes;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                Call exchange = new Call(request.httpRequest(), body(request));
                try (exchange) {
                    routes.accept(exchange);
                }
                SdkHttpResponse response = SdkHttpResponse.builder().statusCode(exchange.status)
                        .headers(exchange.headers).build();
                return HttpExecuteResponse.builder().response(response)
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(exchange.body))).build();
            }

            /** Nothing to cut: the call is the route running on the caller's thread, and ends with it. */
            @Override
            public void abort() {
            }
        };
    }

    private static byte[] body(HttpExecuteRequest request) throws IOException {
        if (request.contentStreamProvider().isEmpty()) {
            return new byte[0];
        }
        try (InputStream in = request.contentStreamProvider().get().newStream()) {
            return in.readAllBytes();
        }
    }

    @Override
    public String clientName() {
        return "InProcess";
    }

    @Override
    public void close() {
    }

    /** One request as the routes see it, from the loopback address; the answer kept for the SDK. */
    private static final class Call extends BufferedExchange {
        private int status;
        private Map<String, List<String>> headers = Map.of();
        private byte[] body = new byte[0];

        Call(SdkHttpRequest request, byte[] body) {
            super(request.method().name(), target(request), body);
            request.forEachHeader((name, values) -> values.forEach(v -> getRequestHeaders().add(name, v)));
            // What the SDK leaves to its HTTP client to add on the wire.
            if (!getRequestHeaders().containsKey("Content-Length") && body.length > 0) {
                getRequestHeaders().set("Content-Length", Integer.toString(body.length));
            }
        }

        /** The request target as it goes on the wire, without building the SDK's whole URI first. */
        private static URI target(SdkHttpRequest request) {
            String path = request.encodedPath().isEmpty() ? "/" : request.encodedPath();
            return URI.create(SdkHttpUtils.encodeAndFlattenQueryParameters(request.rawQueryParameters())
                    .map(query -> path + "?" + query).orElse(path));
        }

        @Override
        void finish(int code, Headers responseHeaders, byte[] bytes) {
            Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            responseHeaders.forEach((name, values) -> copy.put(name, List.copyOf(values)));
            copy.put("Content-Length", List.of(Integer.toString(bytes.length)));
            status = code;
            headers = copy;
            body = bytes;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return LOOPBACK;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return LOOPBACK;
        }

        @Override
        public String getProtocol() {
            return "HTTP/1.1";
        }
    }
}
