package dev.mlops.cli;

import dev.mlops.pipeline.BuildListener;
import dev.mlops.pipeline.StepResult;
import java.util.Optional;

/**
 * A fault-injection point for the crash tests and {@code bench/fault-suite}: with
 * {@code MLOPS_FAULT_PAUSE_AT=STEP:started} (or {@code :finished}) a build says
 * "mlops: paused at STEP:started" on stderr and waits there for ever, so a test can kill -9 it at
 * a known point (Register:finished is after the registration committed, before the result).
 * Unset, it changes nothing.
 */
final class FaultPause {
    static final String VARIABLE = "MLOPS_FAULT_PAUSE_AT";

    private FaultPause() {
    }

    static BuildListener wrap(BuildListener listener, Optional<String> point, Printer printer) {
        if (point.isEmpty() || point.get().isBlank()) {
            return listener;
        }
        return new BuildListener() {
            @Override
            public void executionStarted(String executionId, String executionArn) {
                listener.executionStarted(executionId, executionArn);
            }

            @Override
            public void stepStarted(String step) {
                listener.stepStarted(step);
                pauseAt(step + ":started");
            }

            @Override
            public void stepFinished(StepResult result) {
                listener.stepFinished(result);
                pauseAt(result.name() + ":finished");
            }

            @Override
            public void info(String message) {
                listener.info(message);
            }

            private void pauseAt(String here) {
                if (!here.equals(point.get())) {
                    return;
                }
                printer.progress("mlops: paused at " + here + " (" + VARIABLE + ")");
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
