package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** One step of one execution, moving Starting -> Executing -> Succeeded/Failed (or Stopping -> Stopped). */
final class StepRun {
    private static final Set<String> RUNNING = Set.of("Starting", "Executing", "Stopping");

    private final StepSpec spec;
    private final Instant start;
    private final ObjectNode metadata = Json.object();
    private String status = "Starting";
    private int ticks;
    private Optional<Instant> end = Optional.empty();
    private Optional<String> failure = Optional.empty();

    StepRun(StepSpec spec, Instant start) {
        this.spec = spec;
        this.start = start;
    }

    StepSpec spec() {
        return spec;
    }

    String status() {
        return status;
    }

    Optional<String> failure() {
        return failure;
    }

    ObjectNode metadata() {
        return metadata;
    }

    boolean running() {
        return RUNNING.contains(status);
    }

    /** Counts one tick; true when the step has run its course and must now complete. */
    boolean advance(int ticksPerStep) {
        ticks++;
        if (ticks >= ticksPerStep) {
            return true;
        }
        status = "Executing";
        return false;
    }

    void succeed(Instant at) {
        finish("Succeeded", at);
    }

    void fail(String reason, Instant at) {
        failure = Optional.of(reason);
        finish("Failed", at);
    }

    void stopping() {
        status = "Stopping";
    }

    void stopped(Instant at) {
        finish("Stopped", at);
    }

    /** The PipelineExecutionStep shape. */
    ObjectNode render() {
        ObjectNode out = Json.object();
        out.put("StepName", spec.name());
        spec.description().ifPresent(d -> out.put("StepDescription", d));
        out.set("StartTime", Json.time(start));
        end.ifPresent(t -> out.set("EndTime", Json.time(t)));
        out.put("StepStatus", status);
        failure.ifPresent(f -> out.put("FailureReason", f));
        out.set("Metadata", metadata.deepCopy());
        out.put("AttemptCount", 1);
        return out;
    }

    private void finish(String finalStatus, Instant at) {
        status = finalStatus;
        end = Optional.of(at);
    }
}
