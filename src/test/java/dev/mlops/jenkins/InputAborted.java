package dev.mlops.jenkins;

/** What an input gate throws when it is declined or times out (FlowInterruptedException in Jenkins). */
public final class InputAborted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputAborted(String message) {
        super(message);
    }
}
