package dev.mlops.gitops;

import dev.mlops.InputException;
import java.util.Map;

/** An environment's file in the desired-state repository does not read at a commit. Exit 2; a reconcile stalls on it. */
public final class InvalidDesiredStateException extends InputException {
    private static final long serialVersionUID = 1L;
    private final String env;
    private final String commit;

    public InvalidDesiredStateException(String env, String commit, String message, Throwable cause) {
        super(message, cause);
        this.env = env;
        this.commit = commit;
    }

    public String env() {
        return env;
    }

    public String commit() {
        return commit;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("env", env, "commit", commit);
    }
}
