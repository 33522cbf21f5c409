package dev.mlops;

/**
 * How a piece of work ended, and so what happens next, decided in one place (Flux's error kinds):
 * the exit code of a one-shot command and what a control loop does before its next pass.
 */
public enum Outcome {
    /** Done: exit 0; a loop comes back after its interval. */
    SUCCEEDED(ExitCodes.OK),
    /** Not converged yet, the remote work goes on: exit 3; a loop comes back soon to follow it. */
    WAITING(ExitCodes.STILL_RUNNING),
    /** Needs a human (a refused rule, a failed deployment, an unapproved version): exit 1; a loop does not retry it. */
    STALLED(ExitCodes.FAILED),
    /** Something this depends on failed for now (a Git remote, a network): exit 1; a loop retries with backoff. */
    TRANSIENT(ExitCodes.FAILED),
    /** The request itself is wrong (a flag, a file): exit 2. */
    INPUT(ExitCodes.USAGE),
    /** A bug in mlops: exit 70; a loop stops. */
    INTERNAL(ExitCodes.INTERNAL);

    private final int exitCode;

    Outcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The outcome of an exception: an {@link MlopsException} says its own; anything else is a bug. */
    public static Outcome of(Throwable error) {
        return error instanceof MlopsException known ? known.outcome() : INTERNAL;
    }
}
