package dev.mlops.server;

import dev.mlops.deploy.EndpointConfig;
import java.time.Instant;
import java.util.Objects;

/**
 * One request to deploy a config to an endpoint ({@code config.json}). The generation grows with
 * every request written for the endpoint, so a status names exactly the request it answers, even
 * when the same config is requested again later (a retry after it gave up, or a switch back).
 */
public record ConfigRequest(EndpointConfig config, long generation, Instant requestedAt) {

    public ConfigRequest {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (generation < 1) {
            throw new IllegalArgumentException("generation must be 1 or more, found " + generation);
        }
    }

    /** Names this request in the status file, so a status can say which request it answers. */
    public String key() {
        return config.configName() + "#" + generation;
    }
}
