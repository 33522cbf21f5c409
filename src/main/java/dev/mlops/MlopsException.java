package dev.mlops;

/**
 * Base of the errors the engine reports to a user. The message reads "cannot VERB OBJECT: WHY"
 * and never carries a secret or a raw remote payload; hosts print it on one line and map the
 * concrete type to an exit code.
 */
public abstract class MlopsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected MlopsException(String message) {
        super(message);
    }

    protected MlopsException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The process exit code a host should use for this error. */
    public abstract int exitCode();
}
