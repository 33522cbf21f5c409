package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.SmallDisk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk (a small tmpfs as the state dir) and a real read-only one (a read-only bind
 * mount, which stops root too) under build, the registry and desired-state commits: each write
 * fails with exit 1 and one line naming the path and the cause, the registry and the Git
 * repositories keep what they had, and the same command succeeds once there is room again.
 */
class DiskFullTest {
    /** Small enough to build in a second, and a sample on which the shipped quality gate passes. */
    static final String DATA = "generated://ai4i?rows=1000&seed=7";
    static final String GROUP = Journey.GROUP;

    @TempDir
    Path tmp;

    @Test
    void aFullDiskFailsBuildApprovalAndCommitClearlyAndLosesNothing() throws Exception {
        Path state = tmp.resolve("state");
        try (SmallDisk disk = SmallDisk.tmpfs(state, "24m")) {
            assertEquals(0, CliRun.json(state, "build", "--data", DATA, "--attempt", "1").exitCode());

            disk.fill();
            CliRun build = CliRun.json(state, "build", "--data", DATA, "--attempt", "2");
            assertEnvironmentError(build, state, "the disk is full");
            CliRun approve = CliRun.json(state, "models", "approve", GROUP + "/1", "--by", "alice");
            assertEnvironmentError(approve, state.resolve("registry.db"), "the disk is full");

            disk.free();
            assertEquals(List.of("1:PendingManualApproval"), packages(state), "the registry as it was");
            assertEquals(0, CliRun.json(state, "models", "approve", GROUP + "/1", "--by", "alice").exitCode());
            assertEquals(0, CliRun.json(state, "history", "--env", "staging").exitCode(), "seeds the desired state");
            assertTrue(Files.isDirectory(state.resolve("desired-state.git")));
            disk.fill();
            CliRun watch = CliRun.json(state, "watch-approvals", "--group", GROUP, "--once");
            assertEnvironmentError(watch, state, "the disk is full");
            assertGitIntact(state);

            disk.free();
            CliRun rerun = CliRun.json(state, "watch-approvals", "--group", GROUP, "--once");
            assertEquals(0, rerun.exitCode(), rerun.err());
            assertEquals(1, commitsFor(state, "staging", 1), "one commit makes staging want v1");
            assertGitIntact(state);
            assertEquals(0, CliRun.json(state, "build", "--data", DATA, "--attempt", "2").exitCode());
            assertEquals(List.of("1:Approved", "2:PendingManualApproval"), packages(state));
        }
    }

    @Test
    void aReadOnlyStateDirFailsBuildApprovalAndServeClearlyEvenForRoot() throws Exception {
        Path state = tmp.resolve("state");
        assertEquals(0, CliRun.json(state, "build", "--data", DATA, "--attempt", "1").exitCode());
        try (SmallDisk readOnly = SmallDisk.readOnly(state)) {
            CliRun build = CliRun.json(state, "build", "--data", DATA, "--attempt", "2");
            assertEnvironmentError(build, state, "read-only");
            CliRun approve = CliRun.json(state, "models", "approve", GROUP + "/1", "--by", "alice");
            assertEnvironmentError(approve, state, "read-only");
            CliRun serve = CliRun.json(state, "serve", "--port", "0");
            assertEnvironmentError(serve, state, "read-only");
        }
        assertEquals(List.of("1:PendingManualApproval"), packages(state), "the registry as it was");
    }

    /** Exit 1 (environment), one JSON object with one line that names a file under {@code path} and the cause. */
    private static void assertEnvironmentError(CliRun run, Path path, String cause) {
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("internal error"), run.err());
        String message = (String) ((Map<?, ?>) run.json().get("error")).get("message");
        assertTrue(message.contains(path.toString()) && message.contains(cause) && !message.contains("\n"), message);
    }

    private static List<String> packages(Path state) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("registry.db"));
                Statement s = c.createStatement()) {
            try (ResultSet check = s.executeQuery("PRAGMA integrity_check")) {
                assertTrue(check.next());
                assertEquals("ok", check.getString(1));
            }
            CliRun list = CliRun.json(state, "models", "list", "--group", GROUP);
            assertEquals(0, list.exitCode(), list.err());
            return ((List<?>) list.json().get("model_packages")).stream().map(p -> (Map<?, ?>) p)
                    .map(p -> p.get("version") + ":" + p.get("approval_status")).sorted().toList();
        }
    }

    private static long commitsFor(Path state, String env, int version) {
        CliRun history = CliRun.json(state, "history", "--env", env);
        return ((List<?>) history.json().get("entries")).stream()
                .filter(e -> (GROUP + "/" + version).equals(((Map<?, ?>) e).get("version"))).count();
    }

    /** git fsck of the desired-state remote and the controller's clones, those that exist (a full disk may stop the first). */
    private static void assertGitIntact(Path state) throws IOException, InterruptedException {
        List<Path> repositories = new java.util.ArrayList<>(List.of(state.resolve("desired-state.git")));
        if (Files.isDirectory(state.resolve("gitops"))) {
            try (Stream<Path> clones = Files.list(state.resolve("gitops"))) {
                clones.forEach(repositories::add);
            }
        }
        for (Path repository : repositories.stream().filter(Files::isDirectory).toList()) {
            Process fsck = new ProcessBuilder("git", "-C", repository.toString(), "fsck", "--full", "--no-dangling")
                    .redirectErrorStream(true).start();
            String out = new String(fsck.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, fsck.waitFor(), "git fsck of " + repository + ": " + out);
        }
    }
}
