package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.pipeline.BuildListener;
import dev.mlops.pipeline.StepResult;
import dev.mlops.pipeline.StepStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepTrackerTest {
    static final Instant T0 = Instant.parse("2026-01-26T10:00:00Z");
    final List<String> events = new ArrayList<>();
    final StepTracker tracker = new StepTracker(new BuildListener() {
        @Override
        public void stepStarted(String step) {
            events.add("started " + step);
        }

        @Override
        public void stepFinished(StepResult result) {
            events.add("finished " + result.name() + " " + result.status() + " " + result.durationMs()
                    + result.failureReason().map(r -> " " + r).orElse(""));
        }
    });

    @Test
    void reportsEachTransitionOnceWithDurationAndReason() {
        tracker.update(List.of(running("Train", StepStatus.Starting)), T0);
        tracker.update(List.of(running("Train", StepStatus.Executing)), T0);
        boolean unchanged = tracker.update(List.of(running("Train", StepStatus.Executing)), T0);
        tracker.update(List.of(new StepTracker.Snapshot("Train", StepStatus.Failed, T0, Optional.of(T0.plusSeconds(90)),
                Optional.of("AlgorithmError: bad"))), T0);

        assertEquals(List.of("started Train", "finished Train Failed 90000 AlgorithmError: bad"), events);
        assertEquals(false, unchanged);
    }

    @Test
    void aStepFirstSeenEndedIsReportedStartedAndFinished() {
        tracker.update(List.of(new StepTracker.Snapshot("Preprocess", StepStatus.Succeeded, T0,
                Optional.of(T0.plusSeconds(3)), Optional.empty())), T0);

        assertEquals(List.of("started Preprocess", "finished Preprocess Succeeded 3000"), events);
    }

    @Test
    void aRetriedStepIsReportedStartedAgain() {
        tracker.update(List.of(new StepTracker.Snapshot("Train", StepStatus.Failed, T0, Optional.of(T0), Optional.of("x"))), T0);
        tracker.update(List.of(running("Train", StepStatus.Executing)), T0);

        assertEquals("started Train", events.get(2));
        assertEquals(List.of(new StepResult("Train", StepStatus.Executing, 60_000, Optional.empty())),
                tracker.results(T0.plusSeconds(60)));
    }

    private static StepTracker.Snapshot running(String name, StepStatus status) {
        return new StepTracker.Snapshot(name, status, T0, Optional.empty(), Optional.empty());
    }
}
