package dev.mlops.pipeline;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What one step did: its final status, how long it took and, when it failed, why. */
public record StepResult(String name, StepStatus status, long durationMs, Optional<String> failureReason) {

    public static StepResult succeeded(String name, long durationMs) {
        return new StepResult(name, StepStatus.Succeeded, durationMs, Optional.empty());
    }

    public static StepResult failed(String name, long durationMs, String reason) {
        return new StepResult(name, StepStatus.Failed, durationMs, Optional.of(reason));
    }

    /** The JSON shape hosts print: name, status, duration_ms, failure_reason (when failed). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("name", name);
        map.put("status", status.name());
        map.put("duration_ms", durationMs);
        failureReason.ifPresent(reason -> map.put("failure_reason", reason));
        return map;
    }
}
