package dev.mlops.deploy;

import dev.mlops.Outcome;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the last reconcile of one environment did, in Flux's shape: the state it left (computed by
 * {@link StateRules}), why it ended ({@link Reason}, which fixes the outcome), the last attempted
 * and last applied revisions kept apart (applied advances only on success), and the conditions.
 * It is a record of the attempt: {@code mlops status} computes sync and health anew.
 */
public record EnvironmentStatus(EnvironmentState state, Reason reason, String message, Revisions revisions,
                                List<Condition> conditions, Instant updatedAt) {

    public enum Sync { Synced, OutOfSync }

    public enum Health { Healthy, Progressing, Degraded, Missing }

    /** One condition: its type, whether it holds, the reason and message, and when its status last changed. */
    public record Condition(ConditionType type, boolean status, Reason reason, String message, Instant lastTransitionTime) {
    }

    /** The desired commits last attempted and last applied with success. */
    public record Revisions(Optional<String> lastAttempted, Optional<String> lastApplied) {
        public Revisions {
            Objects.requireNonNull(lastAttempted, "lastAttempted");
            Objects.requireNonNull(lastApplied, "lastApplied");
        }
    }

    public EnvironmentStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(revisions, "revisions");
        Objects.requireNonNull(updatedAt, "updatedAt");
        conditions = List.copyOf(conditions);
    }

    public String env() {
        return state.env();
    }

    public Outcome outcome() {
        return reason.outcome();
    }

    /** The fields of the state, then the attempt's outcome, reason, message, revisions and conditions. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>(state.toMap());
        map.put("outcome", outcome().name());
        map.put("reason", reason.name());
        map.put("message", message);
        revisions.lastAttempted().ifPresent(r -> map.put("last_attempted_revision", r));
        revisions.lastApplied().ifPresent(r -> map.put("last_applied_revision", r));
        map.put("conditions", conditions.stream().map(c -> {
            Map<String, Object> condition = new LinkedHashMap<>();
            condition.put("type", c.type().name());
            condition.put("status", c.status() ? "True" : "False");
            condition.put("polarity", c.type().polarity().name().toLowerCase(java.util.Locale.ROOT));
            condition.put("reason", c.reason().name());
            condition.put("message", c.message());
            condition.put("last_transition_time", c.lastTransitionTime().toString());
            return condition;
        }).toList());
        map.put("updated_at", updatedAt.toString());
        return map;
    }
}
