package dev.mlops;

import java.util.Map;

/**
 * Base of the errors the engine reports to a user. The message reads "cannot VERB OBJECT: WHY"
 * and never carries a secret or a raw remote payload; the outcome decides the exit code and what a
 * control loop does next, and {@link #details()} carries the data (environment, version, reasons)
 * that hosts print as JSON.
 */
public abstract class MlopsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected MlopsException(String message) {
        super(message);
    }

    protected MlopsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What kind of failure this is; see {@link Outcome}. */
    public abstract Outcome outcome();

    /** The process exit code a host should use for this error. */
    public final int exitCode() {
        return outcome().exitCode();
    }

    /** The facts of the error for machines, in snake_case keys; empty unless a subclass carries some. */
    public Map<String, Object> details() {
        return Map.of();
    }
}
