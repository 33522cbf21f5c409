package dev.mlops.jenkins;

/** What Jenkins' {@code error} step throws (hudson.AbortException): the build fails with this message only. */
public final class PipelineError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PipelineError(String message) {
        super(message);
    }
}
