package dev.mlops.pipeline;

/** Hears about steps as they run, so a host can print progress while a build goes on. */
public interface BuildListener {
    BuildListener NONE = new BuildListener() {
    };

    default void executionStarted(String executionId, String executionArn) {
    }

    default void stepStarted(String step) {
    }

    default void stepFinished(StepResult result) {
    }

    /** A line of detail worth showing (a link, a metric, a retry). */
    default void info(String message) {
    }
}
