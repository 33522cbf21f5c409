package dev.mlops;

/**
 * Something the work depends on could not be reached or answered with a temporary failure (a Git
 * remote, the serving process, a throttled API). Exit 1 for a one-shot command; a control loop
 * retries it with backoff.
 */
public class UnavailableException extends WorkFailedException {
    private static final long serialVersionUID = 1L;

    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Outcome outcome() {
        return Outcome.TRANSIENT;
    }
}
