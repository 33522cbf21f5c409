package dev.mlops.jenkins;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The state of one simulated Jenkins build: its workspace, environment, parameters, result and
 * what it recorded (log, archived files, published tests, input gates, stage events).
 */
public final class Build {
    private static final List<String> RESULTS = List.of("SUCCESS", "UNSTABLE", "FAILURE", "NOT_BUILT", "ABORTED");

    final Map<String, Object> env = new LinkedHashMap<>();
    final Map<String, Object> params = new LinkedHashMap<>();
    final Map<String, Object> currentBuild = new LinkedHashMap<>();
    /** Jenkins credentials by id: the kind ("AWS Credentials", "Username with password", "Secret text"), then the values. */
    final Map<String, String[]> credentials = new HashMap<>();
    final List<String> log = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<String> archived = new ArrayList<>();
    final List<JunitReport> junit = new ArrayList<>();
    final List<InputRequest> inputs = new ArrayList<>();
    final List<String> shellScripts = new ArrayList<>();
    final List<String> errors = new ArrayList<>();
    final Map<String, List<Map<String, Object>>> directives = new LinkedHashMap<>();
    private final Deque<Path> dirs = new ArrayDeque<>();
    private final Path workspace;
    ShellRunner shell;
    Function<InputRequest, Map<String, Object>> inputAnswer = request -> {
        throw new AssertionError("no answer for the input gate of stage " + request.stage());
    };
    int nodeDepth;

    /** A published JUnit file with its counts, as the junit step would report them. */
    public record JunitReport(String file, int tests, int failures) {
    }

    Build(Path workspace, ShellRunner shell) {
        this.workspace = workspace;
        this.shell = shell;
        dirs.push(workspace);
        env.put("WORKSPACE", workspace.toString());
        env.put("BUILD_NUMBER", "1");
        env.put("JOB_NAME", "test-job");
        currentBuild.put("result", null);
        currentBuild.put("currentResult", "SUCCESS");
        currentBuild.put("number", 1);
    }

    /** Adds an "AWS Credentials" entry (AWS Credentials plugin). */
    void awsCredentials(String id, String accessKey, String secretKey) {
        credentials.put(id, new String[] {"AWS Credentials", accessKey, secretKey});
    }

    /** Adds a "Username with password" entry. */
    void usernamePassword(String id, String username, String password) {
        credentials.put(id, new String[] {"Username with password", username, password});
    }

    /** Adds a "Secret text" entry. */
    void secretText(String id, String secret) {
        credentials.put(id, new String[] {"Secret text", secret});
    }

    Path workspace() {
        return workspace;
    }

    Path cwd() {
        return dirs.peek();
    }

    Path resolve(String path) {
        return cwd().resolve(path).normalize();
    }

    <T> T inDir(Path dir, Supplier<T> body) {
        dirs.push(dir);
        try {
            return body.get();
        } finally {
            dirs.pop();
        }
    }

    String result() {
        Object result = currentBuild.get("result");
        return result == null ? "SUCCESS" : result.toString();
    }

    /** Like Run.setResult: a result can only get worse. */
    void worsen(String result) {
        if (RESULTS.indexOf(result) > RESULTS.indexOf(result())) {
            currentBuild.put("result", result);
            currentBuild.put("currentResult", result);
        }
    }

    static String worst(String a, String b) {
        return RESULTS.indexOf(a) >= RESULTS.indexOf(b) ? a : b;
    }

    /** Like withEnv: the variables hold inside body only, earlier values come back after it. */
    <T> T withEnv(Map<String, ?> variables, Supplier<T> body) {
        Map<String, Object> saved = new HashMap<>();
        variables.forEach((name, value) -> {
            saved.put(name, env.get(name));
            env.put(name, value == null ? null : value.toString());
        });
        try {
            return body.get();
        } finally {
            saved.forEach((name, value) -> {
                if (value == null) {
                    env.remove(name);
                } else {
                    env.put(name, value);
                }
            });
        }
    }

    /** The environment an sh step's process gets: the agent's own plus the build's variables. */
    Map<String, String> shellEnv() {
        Map<String, String> all = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            if (value != null) {
                all.put(name, value.toString());
            }
        });
        return all;
    }

    void event(String event) {
        events.add(event);
    }
}
