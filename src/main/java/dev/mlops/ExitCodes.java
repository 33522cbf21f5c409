package dev.mlops;

/** The exit codes every host uses, defined once; {@link Outcome} maps work to them. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The work failed: a pipeline step, a quality gate, a smoke test, a refused promotion. */
    public static final int FAILED = 1;
    /** Usage or input error: a flag, a spec file, a data file. */
    public static final int USAGE = 2;
    /** Not converged yet: the controller's own time-out expired while the remote work goes on. */
    public static final int STILL_RUNNING = 3;
    /** An internal error: a bug in mlops (sysexits' EX_SOFTWARE). */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
