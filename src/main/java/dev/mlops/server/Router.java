package dev.mlops.server;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * Sends each request to its route's pool, straight from Jetty's thread. API requests have their own
 * pool (which runs their invocation too, in-process): a burst of them is throttled with 429 as API
 * Gateway does, and never takes the threads that clients of the endpoints themselves need.
 */
final class Router implements HttpFront.Dispatcher {
    /** As API Gateway throttles. */
    private static final HttpFront.Busy API_BUSY = new HttpFront.Busy(429, "TooManyRequestsException",
            "cannot take more API requests now: every API worker is busy; retry shortly");
    private final EndpointRoutes routes;
    private final ApiGatewayRoute api;
    private final Executor requestWorkers;
    private final Executor apiWorkers;
    private final Consumer<String> log;

    Router(EndpointRoutes routes, ApiGatewayRoute api, Executor requestWorkers, Executor apiWorkers,
            Consumer<String> log) {
        this.routes = routes;
        this.api = api;
        this.requestWorkers = requestWorkers;
        this.apiWorkers = apiWorkers;
        this.log = log;
    }

    @Override
    public void dispatch(JettyExchange exchange) {
        Optional<String> env = segment(exchange.getRequestURI().getRawPath(), "/api/", "/predict");
        if (env.isEmpty()) {
            HttpFront.runOn(requestWorkers, exchange, routes::serve, HttpFront.WORKERS_BUSY);
        } else {
            HttpFront.runOn(apiWorkers, exchange, e -> HttpIo.answer(e, log, () -> api.handle(e, env.get())), API_BUSY);
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
}
