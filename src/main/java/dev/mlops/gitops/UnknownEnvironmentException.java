package dev.mlops.gitops;

import dev.mlops.InputException;
import java.util.List;
import java.util.Map;

/** The desired-state repository has no file for the environment asked for. Exit 2. */
public final class UnknownEnvironmentException extends InputException {
    private static final long serialVersionUID = 1L;
    private final String env;
    private final List<String> known;

    public UnknownEnvironmentException(String env, List<String> known, String message) {
        super(message);
        this.env = env;
        this.known = List.copyOf(known);
    }

    public String env() {
        return env;
    }

    @Override
    public Map<String, Object> details() {
        return Map.of("env", env, "known_environments", known);
    }
}
