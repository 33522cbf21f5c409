package dev.mlops.deploy;

import dev.mlops.deploy.EnvironmentStatus.Health;
import dev.mlops.deploy.EnvironmentStatus.Sync;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One environment as it is now, computed and never remembered: what Git wants (commit, version,
 * the endpoint config that version maps to), what the endpoint does (status, version, config),
 * whether they agree (sync) and how the endpoint fares (health), with one line saying why.
 */
public record EnvironmentState(String env, String endpoint, Desired desired, Live live, Sync sync, Health health,
                               String message) {

    /** The desired side: the commit read, the version it names and the config that version maps to. */
    public record Desired(String commit, Optional<String> version, Optional<String> config) {
        public Desired {
            Objects.requireNonNull(commit, "commit");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(config, "config");
        }
    }

    /** The live side: the endpoint's status, and the version and config that take its traffic. */
    public record Live(Optional<EndpointStatus> status, Optional<String> version, Optional<String> config) {
        public static final Live NONE = new Live(Optional.empty(), Optional.empty(), Optional.empty());

        public Live {
            Objects.requireNonNull(status, "status");
            Objects.requireNonNull(version, "version");
            Objects.requireNonNull(config, "config");
        }
    }

    public EnvironmentState {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(live, "live");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(message, "message");
    }

    public boolean syncedAndHealthy() {
        return sync == Sync.Synced && health == Health.Healthy;
    }

    /** The fields as {@code mlops status} and {@code mlops reconcile} print them, snake_case; absent values left out. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("env", env);
        map.put("endpoint", endpoint);
        map.put("sync", sync.name());
        map.put("health", health.name());
        map.put("desired_commit", desired.commit());
        desired.version().ifPresent(v -> map.put("desired_version", v));
        desired.config().ifPresent(c -> map.put("desired_config", c));
        live.status().ifPresent(s -> map.put("endpoint_status", s.name()));
        live.version().ifPresent(v -> map.put("live_version", v));
        live.config().ifPresent(c -> map.put("live_config", c));
        map.put("message", message);
        return map;
    }
}
