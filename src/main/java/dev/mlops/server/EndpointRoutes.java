package dev.mlops.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every route but the API's: {@code POST /endpoints/{name}/invocations}, {@code GET /healthz},
 * {@code GET /endpoints}, and a 404 naming the routes for anything else. Served on a request worker
 * for a client, and on the calling thread for the API route's SDK client ({@link InProcessHttpClient}).
 */
final class EndpointRoutes {
    private final InvocationHandler invocations;
    private final AdminHandler admin;
    private final Consumer<String> log;

    EndpointRoutes(InvocationHandler invocations, AdminHandler admin, Consumer<String> log) {
        this.invocations = invocations;
        this.admin = admin;
        this.log = log;
    }

    /** Answers {@code exchange} on this thread and closes it; a failure of the route is a 500 without details. */
    void serve(HttpExchange exchange) {
        HttpIo.answer(exchange, log, () -> route(exchange));
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        Optional<String> endpoint = Router.segment(path, "/endpoints/", "/invocations");
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
}
