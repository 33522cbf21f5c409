package dev.mlops;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Runs one pass of a controller (reconcile, watch approvals) after another until stopped, and
 * decides in one place how long to wait before the next pass from how the last one ended: an
 * interval after success or a stall (a stalled pass needs a human; the next one only looks again),
 * a short requeue while remote work goes on, exponential backoff while a dependency keeps failing.
 * An input error in the first pass (a wrong flag) ends the loop with exit 2; a bug ends it too.
 */
public final class ControlLoop {
    /** How soon a pass that is waiting for remote work comes back to follow it. */
    static final Duration REQUEUE = Duration.ofSeconds(5);
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    /** One pass; returns how it ended. Exceptions are outcomes too (see {@link Outcome#of}). */
    @FunctionalInterface
    public interface Pass {
        Outcome run() throws InterruptedException;
    }

    private final Duration interval;
    private final Sleeper sleeper;
    private final Consumer<RuntimeException> onError;

    /**
     * @param what names the interval in the error, e.g. "--every"
     * @param onError shows a pass's error (the loop goes on unless it is a bug or a first-pass input error)
     */
    public ControlLoop(Duration interval, String what, Sleeper sleeper, Consumer<RuntimeException> onError) {
        if (interval.isZero() || interval.isNegative()) {
            throw new InputException("cannot run a pass every " + interval.toMillis() + " ms (" + what
                    + "): the interval must be longer than 0");
        }
        this.interval = interval;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    /**
     * Runs passes until the thread is interrupted (a person stopped it: exit 0) or a first-pass input
     * error ends the loop (exit 2); rethrows a bug.
     */
    public int run(Pass pass) {
        try {
            return passes(pass);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.OK;
        }
    }

    private int passes(Pass pass) throws InterruptedException {
        int failuresInARow = 0;
        for (int passes = 1; ; passes++) {
            Outcome outcome;
            try {
                outcome = pass.run();
            } catch (RuntimeException e) {
                outcome = Outcome.of(e);
                if (outcome == Outcome.INTERNAL) {
                    throw e;
                }
                onError.accept(e);
                if (outcome == Outcome.INPUT && passes == 1) {
                    return outcome.exitCode();
                }
            }
            failuresInARow = outcome == Outcome.TRANSIENT ? failuresInARow + 1 : 0;
            sleeper.sleep(delay(outcome, failuresInARow, interval));
        }
    }

    /** The wait before the next pass; an input error after the first pass (a file broken in Git) is a stall. */
    static Duration delay(Outcome outcome, int failuresInARow, Duration interval) {
        return switch (outcome) {
            case SUCCEEDED, STALLED, INPUT -> interval;
            case WAITING -> REQUEUE.compareTo(interval) < 0 ? REQUEUE : interval;
            case TRANSIENT -> backoff(failuresInARow);
            case INTERNAL -> throw new IllegalStateException("a bug ends the loop before it waits");
        };
    }

    private static Duration backoff(int failuresInARow) {
        int doublings = Math.min(Math.max(failuresInARow - 1, 0), 20);
        Duration wait = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }
}
