package dev.mlops.deploy;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the controller last observed of one environment, in Flux's shape: sync (desired vs live)
 * and health, the desired commit and version, the live version, the last attempted and last
 * applied revisions kept apart (applied advances only on success), and conditions with reasons.
 */
public record EnvironmentStatus(String env, Sync sync, Health health, Optional<String> desiredCommit,
                                Optional<String> desiredVersion, Optional<String> liveVersion,
                                Optional<String> lastAttemptedRevision, Optional<String> lastAppliedRevision,
                                String endpointName, List<Condition> conditions, Instant updatedAt) {

    public enum Sync { Synced, OutOfSync, Unknown }

    public enum Health { Healthy, Progressing, Degraded, Missing, Unknown }

    /** One observation: type (Ready, Reconciling, Stalled...), status, a PascalCase reason and a message. */
    public record Condition(String type, boolean status, String reason, String message, Instant lastTransitionTime) {
    }

    public EnvironmentStatus {
        conditions = List.copyOf(conditions);
    }

    public static EnvironmentStatus unknown(String env, String endpointName, Instant at) {
        return new EnvironmentStatus(env, Sync.Unknown, Health.Unknown, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), endpointName, List.of(), at);
    }

    /** The message of the Ready condition, the one line people read first. */
    public String message() {
        return conditions.stream().filter(c -> c.type().equals("Ready")).map(Condition::message).findFirst().orElse("");
    }

    public boolean syncedAndHealthy() {
        return sync == Sync.Synced && health == Health.Healthy;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("env", env);
        map.put("sync", sync.name());
        map.put("health", health.name());
        map.put("endpoint", endpointName);
        desiredVersion.ifPresent(v -> map.put("desired_version", v));
        liveVersion.ifPresent(v -> map.put("live_version", v));
        desiredCommit.ifPresent(v -> map.put("desired_commit", v));
        lastAttemptedRevision.ifPresent(v -> map.put("last_attempted_revision", v));
        lastAppliedRevision.ifPresent(v -> map.put("last_applied_revision", v));
        map.put("message", message());
        map.put("conditions", conditions.stream().map(c -> {
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("type", c.type());
            condition.put("status", c.status() ? "True" : "False");
            condition.put("reason", c.reason());
            condition.put("message", c.message());
            condition.put("last_transition_time", c.lastTransitionTime().toString());
            return condition;
        }).toList());
        map.put("updated_at", updatedAt.toString());
        return map;
    }
}
