package dev.mlops.gitops.git;

import dev.mlops.InputException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the desired state lives and how to reach it. Start from {@link #of} and change what you
 * need with the {@code with...} methods:
 * <pre>{@code
 * GitStoreOptions.of(stateDir, Path.of("model-deploy")).withRemote("https://git.example.com/deploy.git")
 * }</pre>
 *
 * @param stateDir    the controller's state directory; the working clone lives in {@code gitops/} under it
 * @param seedDir     the {@code model-deploy/} directory whose contents seed an empty repository
 * @param remote      any Git URL or path; empty: the bare repository {@code <stateDir>/desired-state.git}
 * @param branch      the branch that holds the desired state
 * @param environment where {@code MLOPS_GIT_TOKEN}, {@code MLOPS_GIT_USERNAME} and {@code MLOPS_GIT_EMAIL}
 *                    are read (the process environment by default); only those variables are kept
 * @param clock       the time written into commits
 * @param maxAttempts how often a change is tried when its push loses a race
 * @param backoff     the first pause after a lost race; it doubles with each attempt, with jitter
 * @param timeout     the network time-out of one fetch or push
 */
public record GitStoreOptions(Path stateDir, Path seedDir, Optional<String> remote, String branch,
        Map<String, String> environment, Clock clock, int maxAttempts, Duration backoff, Duration timeout) {
    public static final String TOKEN_VARIABLE = "MLOPS_GIT_TOKEN";
    public static final String USERNAME_VARIABLE = "MLOPS_GIT_USERNAME";
    public static final String DEFAULT_BRANCH = "main";
    /** The e-mail of the controller's commits, and of authors named without one (Git tools expect one). */
    public static final String EMAIL_VARIABLE = "MLOPS_GIT_EMAIL";
    public static final String DEFAULT_EMAIL = "mlops@localhost";
    private static final Pattern EMAIL = Pattern.compile("[^\\s<>@]+@[^\\s<>@]+");

    public GitStoreOptions {
        if (branch.isBlank() || branch.startsWith("-") || branch.contains("..")
                || branch.matches(".*[\\s~^:?*\\[\\\\].*")) {
            throw new InputException("cannot use desired-state branch '" + branch + "': not a valid Git branch name");
        }
        if (maxAttempts < 1) {
            throw new InputException("cannot use " + maxAttempts + " attempts for desired-state changes: at least 1");
        }
        remote = remote.filter(r -> !r.isBlank());
        environment = ownVariables(environment);
        String email = environment.getOrDefault(EMAIL_VARIABLE, DEFAULT_EMAIL);
        if (!EMAIL.matcher(email).matches()) {
            throw new InputException("cannot use '" + email + "' as the e-mail of desired-state commits ("
                    + EMAIL_VARIABLE + "): expected an address like mlops@example.com");
        }
    }

    /** Keeps only the variables this store reads, so no other secret of the process is carried around. */
    private static Map<String, String> ownVariables(Map<String, String> variables) {
        Map<String, String> kept = new HashMap<>();
        for (String name : List.of(TOKEN_VARIABLE, USERNAME_VARIABLE, EMAIL_VARIABLE)) {
            Optional.ofNullable(variables.get(name)).filter(v -> !v.isBlank()).ifPresent(v -> kept.put(name, v));
        }
        return Map.copyOf(kept);
    }

    /** The e-mail of the controller's commits ({@value #EMAIL_VARIABLE}, else {@value #DEFAULT_EMAIL}). */
    public String email() {
        return environment.getOrDefault(EMAIL_VARIABLE, DEFAULT_EMAIL).strip();
    }

    /** Never prints the token. */
    @Override
    public String toString() {
        return "GitStoreOptions[stateDir=" + stateDir + ", seedDir=" + seedDir
                + ", remote=" + remote.map(RemoteAccess::redactUrl) + ", branch=" + branch + ", email=" + email()
                + ", token=" + (environment.containsKey(TOKEN_VARIABLE) ? "set" : "unset")
                + ", maxAttempts=" + maxAttempts + ", backoff=" + backoff + ", timeout=" + timeout + "]";
    }

    /** The embedded default: a bare repository under {@code stateDir}, branch {@code main}, the process environment. */
    public static GitStoreOptions of(Path stateDir, Path seedDir) {
        return new GitStoreOptions(stateDir, seedDir, Optional.empty(), DEFAULT_BRANCH, System.getenv(),
                Clock.systemUTC(), 5, Duration.ofMillis(200), Duration.ofSeconds(60));
    }

    public GitStoreOptions withRemote(String url) {
        return new GitStoreOptions(stateDir, seedDir, Optional.of(url), branch, environment, clock, maxAttempts,
                backoff, timeout);
    }

    public GitStoreOptions withBranch(String name) {
        return new GitStoreOptions(stateDir, seedDir, remote, name, environment, clock, maxAttempts, backoff, timeout);
    }

    public GitStoreOptions withEnvironment(Map<String, String> variables) {
        return new GitStoreOptions(stateDir, seedDir, remote, branch, variables, clock, maxAttempts, backoff, timeout);
    }

    public GitStoreOptions withClock(Clock time) {
        return new GitStoreOptions(stateDir, seedDir, remote, branch, environment, time, maxAttempts, backoff, timeout);
    }

    public GitStoreOptions withRetry(int attempts, Duration firstPause) {
        return new GitStoreOptions(stateDir, seedDir, remote, branch, environment, clock, attempts, firstPause,
                timeout);
    }

    public GitStoreOptions withTimeout(Duration networkTimeout) {
        return new GitStoreOptions(stateDir, seedDir, remote, branch, environment, clock, maxAttempts, backoff,
                networkTimeout);
    }

    /** The bare repository used when no remote is given. */
    public Path defaultRemote() {
        return stateDir.resolve("desired-state.git");
    }
}
