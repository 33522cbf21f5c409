package dev.mlops.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The first thing every request meets, on Jetty's threads and never blocking them: it refuses what
 * needs no route (a foreign {@code Host}, too many headers, a declared body over the limit), reads
 * the body asynchronously within the body time-out (408) and the size limit (413), and only then
 * hands the complete request to a worker. A slow or idle client therefore holds a connection (of
 * which each client address has a bounded number, see {@link ConnectionGuard}) but never a thread.
 */
final class HttpFront extends Handler.Abstract.NonBlocking {
    private final Dispatcher dispatcher;
    private final HostCheck hosts;
    private final ConnectionGuard guard;
    private final Settings settings;

    /** The limits this handler applies. */
    record Settings(long maxBodyBytes, int maxHeaders, long bodyTimeoutMillis) {
    }

    /**
     * Takes a complete request off Jetty's thread: hands it to a worker, or answers at once when every
     * worker is busy; never blocks.
     */
    @FunctionalInterface
    interface Dispatcher {
        void dispatch(JettyExchange exchange);
    }

    /** The answer to a request that finds every worker busy and the pool's queue full. */
    record Busy(int status, String code, String message) {
    }

    /** What the request pool answers when full. */
    static final Busy WORKERS_BUSY = new Busy(503, "ServiceUnavailable",
            "cannot take more requests now: every worker is busy; retry shortly");

    /**
     * Runs {@code handler} on {@code exchange} on one of {@code workers}; when they are all busy and
     * their queue is full, answers {@code whenFull} at once, on the calling thread (the asynchronous
     * write does not block it).
     */
    static void runOn(Executor workers, JettyExchange exchange, HttpHandler handler, Busy whenFull) {
        try {
            workers.execute(() -> {
                try {
                    handler.handle(exchange);
                } catch (IOException | RuntimeException e) {
                    // The handler answers its own failures; this only ends an exchange it could not.
                    exchange.close();
                }
            });
        } catch (RejectedExecutionException e) {
            try (exchange) {
                HttpIo.sendJson(exchange, whenFull.status(), HttpIo.error(whenFull.code(), whenFull.message()));
            } catch (IOException unsent) {
                // Nothing was sent; close() answers 500.
            }
        }
    }

    /** The front for a serving process's options, its bound address and its connection guard. */
    static HttpFront of(Dispatcher dispatcher, InetAddress bound, ConnectionGuard guard, ServingOptions options) {
        ServingLimits limits = options.limits();
        return new HttpFront(dispatcher, new HostCheck(bound, limits.allowedHosts()), guard,
                new Settings(options.maxBodyBytes(), limits.maxHeaders(), limits.bodyTimeout().toMillis()));
    }

    HttpFront(Dispatcher dispatcher, HostCheck hosts, ConnectionGuard guard, Settings settings) {
        this.dispatcher = dispatcher;
        this.hosts = hosts;
        this.guard = guard;
        this.settings = settings;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Callback done = guard.requestStarted(request.getConnectionMetaData().getConnection(), callback);
        if (request.getHeaders().size() > settings.maxHeaders()) {
            refuse(response, done, 431, "RequestHeaderFieldsTooLarge", "cannot read the request: more than "
                    + settings.maxHeaders() + " headers");
            return true;
        }
        if (!hosts.accepts(request.getHeaders().get(HttpHeader.HOST))) {
            refuse(response, done, 421, "MisdirectedRequest", "cannot serve host '"
                    + abbreviate(request.getHeaders().get(HttpHeader.HOST)) + "': this server answers "
                    + hosts.describe() + " (add a name with --allowed-host)");
            return true;
        }
        URI uri;
        try {
            uri = URI.create(request.getHttpURI().getPathQuery());
        } catch (IllegalArgumentException e) {
            refuse(response, done, 400, "BadRequest", "cannot read the request: its target is not a valid URI");
            return true;
        }
        long declared = request.getLength();
        if (declared > settings.maxBodyBytes()) {
            refuse(response, done, 413, "PayloadTooLarge", tooLarge());
            return true;
        }
        Content.Source.asByteArrayAsync(request, (int) settings.maxBodyBytes() + 1)
                .orTimeout(settings.bodyTimeoutMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((bytes, failure) -> {
                    if (failure != null) {
                        bodyFailed(request, response, done, failure);
                    } else if (bytes.length > settings.maxBodyBytes()) {
                        refuse(response, done, 413, "PayloadTooLarge", tooLarge());
                    } else {
                        dispatcher.dispatch(new JettyExchange(request, response, done,
                                new JettyExchange.Body(uri, bytes)));
                    }
                });
        return true;
    }

    private void bodyFailed(Request request, Response response, Callback done, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException) {
            refuse(response, done, 408, "RequestTimeout", "cannot read the request: the body did not arrive within "
                    + settings.bodyTimeoutMillis() + " ms");
        } else if (cause instanceof IllegalArgumentException) {
            // Jetty's reader stops at the size limit this way.
            refuse(response, done, 413, "PayloadTooLarge", tooLarge());
        } else {
            refuse(response, done, 400, "BadRequest", "cannot read the request body: "
                    + abbreviate(String.valueOf(cause.getMessage())));
        }
    }

    private String tooLarge() {
        return "cannot accept the request: the body is larger than " + settings.maxBodyBytes() + " bytes";
    }

    /** Answers with a JSON error and closes the connection: what is left of the request cannot be trusted. */
    static void refuse(Response response, Callback done, int status, String code, String message) {
        if (response.isCommitted()) {
            done.failed(new IllegalStateException(message));
            return;
        }
        ObjectNode body = HttpIo.error(code, message);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.write(true, ByteBuffer.wrap(body.toString().getBytes(StandardCharsets.UTF_8)), done);
    }

    private static String abbreviate(String value) {
        String text = value == null ? "(none)" : value;
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
