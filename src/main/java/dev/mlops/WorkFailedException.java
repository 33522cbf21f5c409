package dev.mlops;

/** The input was fine but the work failed (a step, a quality gate, a refused promotion). Exit 1. */
public class WorkFailedException extends MlopsException {
    private static final long serialVersionUID = 1L;

    public WorkFailedException(String message) {
        super(message);
    }

    public WorkFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Outcome outcome() {
        return Outcome.STALLED;
    }
}
