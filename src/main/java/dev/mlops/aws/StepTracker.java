package dev.mlops.aws;

import dev.mlops.pipeline.BuildListener;
import dev.mlops.pipeline.StepResult;
import dev.mlops.pipeline.StepStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns successive snapshots of an execution's steps into the listener's step events: a step
 * is "started" when first seen running, "finished" when seen in an end status (a step first seen
 * already ended, as after a re-attach, is reported started then finished). A retried step that
 * runs again is reported started again.
 */
final class StepTracker {
    /** One step as one poll saw it. */
    record Snapshot(String name, StepStatus status, Instant start, Optional<Instant> end, Optional<String> failureReason) {
        StepResult result(Instant now) {
            long millis = Duration.between(start, end.orElse(now)).toMillis();
            return new StepResult(name, status, Math.max(0, millis), failureReason);
        }
    }

    private final BuildListener listener;
    private final Map<String, Snapshot> last = new LinkedHashMap<>();

    StepTracker(BuildListener listener) {
        this.listener = listener;
    }

    /** Reports what changed since the last snapshot; true if anything did. */
    boolean update(List<Snapshot> steps, Instant now) {
        boolean changed = false;
        for (Snapshot step : steps) {
            Snapshot before = last.get(step.name());
            if (before != null && before.status() == step.status()) {
                continue;
            }
            changed = true;
            if (before == null || (before.status().isTerminal() && !step.status().isTerminal())) {
                listener.stepStarted(step.name());
            }
            if (step.status().isTerminal()) {
                listener.stepFinished(step.result(now));
            }
            last.put(step.name(), step);
        }
        return changed;
    }

    /** Every step seen, in the order first seen, with its last known status. */
    List<StepResult> results(Instant now) {
        List<StepResult> results = new ArrayList<>();
        last.values().forEach(s -> results.add(s.result(now)));
        return results;
    }
}
