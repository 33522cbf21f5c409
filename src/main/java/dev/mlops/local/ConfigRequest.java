package dev.mlops.local;

import dev.mlops.deploy.EndpointConfig;
import java.time.Instant;
import java.util.Objects;

/**
 * One request to deploy a config to an endpoint ({@code config.json}). The attempt number grows
 * when the same config is applied again after it gave up, so the serving process retries it.
 */
public record ConfigRequest(EndpointConfig config, int attempt, Instant requestedAt) {

    public ConfigRequest {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be 1 or more, found " + attempt);
        }
    }

    /** Names this request in the status file, so a status can say which request it answers. */
    public String key() {
        return config.configName() + "#" + attempt;
    }
}
