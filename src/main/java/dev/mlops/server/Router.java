package dev.mlops.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Sends each request to its route; an unknown path is a 404 naming the routes, a bug a 500 without
 * details. API requests run on their own pool, straight from Jetty's thread: their handler calls this
 * server's invocations route and waits, so if they shared the request threads, a burst of them would
 * hold every thread and wait forever for invocations that no thread is left to answer.
 */
final class Router implements HttpFront.Dispatcher {
    /** As API Gateway throttles. */
    private static final HttpFront.Busy API_BUSY = new HttpFront.Busy(429, "TooManyRequestsException",
            "cannot take more API requests now: every API worker is busy; retry shortly");
    private final InvocationHandler invocations;
    private final ApiGatewayRoute api;
    private final AdminHandler admin;
    private final Executor requestWorkers;
    private final Executor apiWorkers;
    private final Consumer<String> log;

    /** A route's work on one exchange. */
    private interface Action {
        void run() throws IOException;
    }

    /** The handlers behind the routes. */
    record Routes(InvocationHandler invocations, ApiGatewayRoute api, AdminHandler admin) {
    }

    Router(Routes routes, Executor requestWorkers, Executor apiWorkers, Consumer<String> log) {
        this.invocations = routes.invocations();
        this.api = routes.api();
        this.admin = routes.admin();
        this.requestWorkers = requestWorkers;
        this.apiWorkers = apiWorkers;
        this.log = log;
    }

    @Override
    public void dispatch(JettyExchange exchange) {
        Optional<String> env = segment(exchange.getRequestURI().getRawPath(), "/api/", "/predict");
        if (env.isEmpty()) {
            HttpFront.runOn(requestWorkers, exchange, e -> answer(e, () -> route(e)), HttpFront.WORKERS_BUSY);
        } else {
            HttpFront.runOn(apiWorkers, exchange, e -> answer(e, () -> api.handle(e, env.get())), API_BUSY);
        }
    }

    private void answer(HttpExchange exchange, Action action) {
        try (exchange) {
            action.run();
        } catch (IOException e) {
            // The client went away mid-response; nothing left to tell it.
            log.accept("cannot answer " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            log.accept("cannot answer " + exchange.getRequestMethod() + " " + exchange.getRequestURI() + ": "
                    + e.getClass().getName() + ": " + e.getMessage());
            internalError(exchange);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Optional<String> endpoint = segment(path, "/endpoints/", "/invocations");
        if (endpoint.isPresent()) {
            invocations.handle(exchange, endpoint.get());
        } else if (path.equals("/healthz")) {
            admin.health(exchange);
        } else if (path.equals("/endpoints")) {
            admin.list(exchange);
        } else {
            HttpIo.sendJson(exchange, 404, HttpIo.error("NotFound", "cannot route " + exchange.getRequestMethod() + " "
                    + path + ": routes are GET /healthz, GET /endpoints, POST /endpoints/{name}/invocations,"
                    + " POST /api/{env}/predict"));
        }
    }

    /**
     * The one non-empty segment in {@code prefix + segment + suffix}, a trailing slash allowed: the
     * path parameter of a route, read without a regex on every request.
     */
    static Optional<String> segment(String path, String prefix, String suffix) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (!trimmed.startsWith(prefix) || !trimmed.endsWith(suffix)
                || trimmed.length() <= prefix.length() + suffix.length()) {
            return Optional.empty();
        }
        String segment = trimmed.substring(prefix.length(), trimmed.length() - suffix.length());
        return segment.indexOf('/') < 0 ? Optional.of(segment) : Optional.empty();
    }

    private void internalError(HttpExchange exchange) {
        try {
            HttpIo.sendJson(exchange, 500, HttpIo.error("InternalFailure", "cannot answer the request: internal error"));
        } catch (IOException | RuntimeException e) {
            // Headers were already sent or the client left: the log line above is all there is.
        }
    }
}
