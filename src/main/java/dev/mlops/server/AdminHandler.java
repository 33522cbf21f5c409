package dev.mlops.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.mlops.deploy.EndpointDescription;
import java.io.IOException;

/** {@code GET /healthz} and {@code GET /endpoints}: liveness, and every endpoint's state for machines. */
final class AdminHandler {
    private final Endpoints endpoints;
    private final EndpointFiles deployer;
    private final CaptureQueue capture;

    AdminHandler(Endpoints endpoints, EndpointFiles deployer, CaptureQueue capture) {
        this.endpoints = endpoints;
        this.deployer = deployer;
        this.capture = capture;
    }

    void health(HttpExchange exchange) throws IOException {
        if (onlyGet(exchange)) {
            HttpIo.sendJson(exchange, 200, JsonNodeFactory.instance.objectNode().put("status", "ok"));
        }
    }

    /**
     * {@code {"endpoints":[{"name","env","status","live_version","live_config_name",
     * "requested_config_name","failure_reason","last_modified","invocations_path","api_path","capture"}]}}, where
     * {@code capture} (once the endpoint has captured in this process) counts files, bytes, dropped files
     * and bytes, truncated bodies, records skipped while a write error stopped capture and records
     * dropped because the capture writer's queue was full; the
     * state is the deployer's view (what a reconciler sees), so a request not picked up yet shows as such.
     */
    void list(HttpExchange exchange) throws IOException {
        if (!onlyGet(exchange)) {
            return;
        }
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode list = root.putArray("endpoints");
        for (EndpointDescription d : deployer.list()) {
            ObjectNode node = list.addObject();
            node.put("name", d.endpointName());
            endpoints.find(d.endpointName()).flatMap(HostedEndpoint::requested).ifPresent(c -> node.put("env", c.env()));
            node.put("status", d.status().name());
            // A version named on its own is group/version everywhere mlops prints one.
            endpoints.find(d.endpointName()).flatMap(HostedEndpoint::live).map(m -> m.config().model())
                    .ifPresentOrElse(m -> node.put("live_version", m.group() + "/" + m.version()),
                            () -> node.putNull("live_version"));
            node.put("live_config_name", d.liveConfigName().orElse(null));
            node.put("requested_config_name", d.requestedConfigName().orElse(null));
            node.put("failure_reason", d.failureReason().orElse(null));
            node.put("last_modified", d.lastModified().toString());
            node.put("invocations_path", "/endpoints/" + d.endpointName() + "/invocations");
            if (node.hasNonNull("env")) {
                node.put("api_path", "/api/" + node.get("env").asText() + "/predict");
            }
            capture.status(d.endpointName()).ifPresent(s -> node.set("capture", s.json()));
        }
        HttpIo.sendJson(exchange, 200, root);
    }

    private static boolean onlyGet(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        HttpIo.sendJson(exchange, 405, HttpIo.error("MethodNotAllowed", "cannot " + method + " "
                + exchange.getRequestURI().getPath() + ": use GET"));
        return false;
    }
}
