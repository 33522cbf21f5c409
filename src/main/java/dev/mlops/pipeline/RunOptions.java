package dev.mlops.pipeline;

import dev.mlops.InputException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a runner carries one build beyond the pipeline itself: how long this controller waits
 * (its own time-out, not the pipeline's), what an abort of the controller does to the remote
 * execution, and which attempt of the same commit this is. The local backend runs in-process and
 * finishes before it returns, so it ignores the first two; the attempt is part of its build key too.
 */
public record RunOptions(Optional<Duration> timeout, AbortAction onAbort, int attempt) {
    public static final RunOptions DEFAULT = new RunOptions(Optional.empty(), AbortAction.STOP, 1);

    /** What happens to a remote execution when the controller is interrupted (SIGINT, SIGTERM, a Jenkins abort). */
    public enum AbortAction {
        /** Stop the execution: an aborted Jenkins build leaves nothing running. */
        STOP,
        /** Leave it running; {@code mlops build --attach ARN} follows it later. */
        LEAVE
    }

    public RunOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(onAbort, "onAbort");
        if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
            throw new InputException("cannot wait " + timeout.get() + ": --timeout must be a positive duration");
        }
        if (attempt < 1) {
            throw new InputException("cannot start attempt " + attempt + ": --attempt must be 1 or more");
        }
    }
}
