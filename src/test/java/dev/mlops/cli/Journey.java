package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.server.ServingOptions;
import dev.mlops.server.ServingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * The CLI on one state dir with a serving process, as a user drives it command by command: each
 * call is an in-process {@code mlops --state-dir DIR --output json ...}.
 */
final class Journey implements AutoCloseable {
    static final String GROUP = "end-to-end-ml-sm-model-package-group";

    final Path state;
    final ServingServer server;
    private int builds;

    Journey(Path state) {
        this.state = state;
        this.server = ServingServer.start(ServingOptions.defaults(state).withPort(0));
    }

    @Override
    public void close() {
        server.close();
    }

    CliRun run(String... args) {
        return CliRun.json(state, args);
    }

    /**
     * Builds and registers the next version; returns its number. Builds of one commit are idempotent
     * (a rerun reports the package it registered), so each build here is a new attempt, as a person
     * rebuilding the same commit on purpose says with --attempt.
     */
    int build() {
        CliRun build = run("build", "--attempt", String.valueOf(++builds));
        assertEquals(0, build.exitCode(), build.err());
        return (Integer) ((Map<?, ?>) build.json().get("model_package")).get("version");
    }

    void approveAndWatch(int version) {
        assertEquals(0, run("models", "approve", GROUP + "/" + version, "--by", "alice").exitCode());
        assertEquals(0, run("watch-approvals", "--group", GROUP, "--once").exitCode());
    }

    Map<String, Object> reconcile(String env, int expectedExit) {
        CliRun run = run("reconcile", "--env", env, "--once", "--timeout", "2m", "--poll", "100ms");
        assertEquals(expectedExit, run.exitCode(), run.out() + run.err());
        return run.json();
    }

    /** Reconciles staging, runs its own smoke suite, promotes to prod and reconciles prod. */
    void shipToProd() {
        reconcile("staging", 0);
        CliRun smoke = run("smoke", "--env", "staging", "--report-dir", state.resolve("reports").toString());
        assertEquals(0, smoke.exitCode(), smoke.out() + smoke.err());
        CliRun promote = run("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        assertEquals(0, promote.exitCode(), promote.err());
        reconcile("prod", 0);
    }

    /** The environment as {@code mlops status} shows it now. */
    Map<?, ?> status(String env) {
        CliRun status = run("status", "--env", env);
        assertEquals(0, status.exitCode(), status.err());
        List<?> environments = (List<?>) status.json().get("environments");
        assertEquals(1, environments.size(), "--env shows that environment alone: " + status.out());
        assertEquals(env, ((Map<?, ?>) environments.get(0)).get("env"));
        return (Map<?, ?>) environments.get(0);
    }

    RevCommit lastCommit() throws Exception {
        try (Git git = Git.open(state.resolve("desired-state.git").toFile())) {
            return git.log().setMaxCount(1).call().iterator().next();
        }
    }

    /** A person's edit of an environment's file, pushed to the desired-state repository. */
    void edit(String env, UnaryOperator<String> edit, String message) throws Exception {
        Path clone = Files.createTempDirectory(state, "human-clone");
        try (Git human = Git.cloneRepository().setURI(state.resolve("desired-state.git").toUri().toString())
                .setDirectory(clone.toFile()).call()) {
            Path file = clone.resolve("environments/" + env + ".yaml");
            Files.writeString(file, edit.apply(Files.readString(file)));
            human.commit().setAll(true).setMessage(message).setAuthor("Bob", "bob@example.com")
                    .setCommitter("Bob", "bob@example.com").setSign(false).call();
            human.push().call().forEach(result -> result.getRemoteUpdates().forEach(update ->
                    assertEquals(RemoteRefUpdate.Status.OK, update.getStatus(), "the human's push")));
        }
    }
}
