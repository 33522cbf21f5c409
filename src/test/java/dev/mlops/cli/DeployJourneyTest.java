package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approval-to-production journey, command by command, as the README tells a user to run it. */
class DeployJourneyTest {
    static final String GROUP = "end-to-end-ml-sm-model-package-group";

    @TempDir
    Path state;
    ServingServer server;

    @BeforeEach
    void serve() {
        server = ServingServer.start(ServingOptions.defaults(state).withPort(0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void approvalDeploysStagingSmokeGatesPromotionAndProdServesTheSameVersion() throws Exception {
        int version = build();
        assertEquals(0, run("models", "approve", GROUP + "/" + version, "--by", "alice", "--reason", "good").exitCode());
        Map<String, Object> watched = run("watch-approvals", "--group", GROUP, "--once").json();
        assertEquals(GROUP + "/" + version, watched.get("desired_version"));
        assertEquals(true, watched.get("committed"));
        assertEquals(0, run("watch-approvals", "--group", GROUP, "--once").exitCode());
        assertFalse(run("watch-approvals", "--group", GROUP, "--once").json().containsKey("commit"), "acted on once only");

        CliRun refused = run("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("staging is OutOfSync/Missing serving nothing") && refused.err().contains("no smoke run"),
                refused.err());

        Map<String, Object> reconciled = reconcile("staging", 0);
        assertEquals("Synced", reconciled.get("sync"));
        assertEquals("Healthy", reconciled.get("health"));
        assertEquals(GROUP + "/" + version, reconciled.get("live_version"));
        CliRun smoke = run("smoke", "--env", "staging", "--report-dir", state.resolve("reports").toString());
        assertEquals(0, smoke.exitCode(), smoke.out() + smoke.err());
        assertTrue(Files.readString(Path.of((String) smoke.json().get("junit_xml"))).contains("<testsuite"));

        CliRun noApprover = run("promote", "--from", "staging", "--to", "prod");
        assertEquals(1, noApprover.exitCode());
        assertTrue(noApprover.err().contains("requires a named approver"), noApprover.err());
        assertEquals(0, run("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob").exitCode());
        assertEquals(GROUP + "/" + version, reconcile("prod", 0).get("live_version"));

        RevCommit promotion = lastCommit();
        assertTrue(promotion.getFullMessage().contains("Approved-By: bob"), promotion.getFullMessage());
        assertTrue(promotion.getFullMessage().contains("Smoke-Result: passed"), promotion.getFullMessage());
        Map<String, Object> status = run("status").json();
        List<?> environments = (List<?>) status.get("environments");
        assertEquals(2, environments.size());
        environments.forEach(e -> assertEquals("Synced", ((Map<?, ?>) e).get("sync")));
    }

    @Test
    void reconcilingTwiceChangesNothingTheSecondTime() throws Exception {
        approveAndWatch(build());
        reconcile("staging", 0);
        Path config = state.resolve("endpoints").resolve("predictive-maintenance-staging");
        long before = Files.walk(config).mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
        CliRun again = run("reconcile", "--env", "staging", "--once");
        assertEquals(0, again.exitCode());
        long after = Files.walk(config).mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
        assertEquals(before, after, "a second reconcile must not touch the endpoint");
    }

    @Test
    void rejectingTheVersionStagingWantsRollsStagingBack() throws Exception {
        int first = build();
        approveAndWatch(first);
        int second = build();
        approveAndWatch(second);
        assertEquals(GROUP + "/" + second, reconcile("staging", 0).get("live_version"));
        assertEquals(0, run("models", "reject", GROUP + "/" + second, "--reason", "bad in staging").exitCode());
        Map<String, Object> watched = run("watch-approvals", "--group", GROUP, "--once").json();
        assertEquals(GROUP + "/" + first, watched.get("desired_version"));
        assertTrue(lastCommit().getFullMessage().contains("Change-Kind: reject-rollback"));
        assertEquals(GROUP + "/" + first, reconcile("staging", 0).get("live_version"));
    }

    @Test
    void failingSmokeRunBlocksPromotion() throws Exception {
        approveAndWatch(build());
        reconcile("staging", 0);
        Path suite = state.resolve("strict.yaml");
        Files.writeString(suite, String.join("\n", "name: strict", "cases:", "  - name: failure record is normal",
                "    request:", "      headers: {Content-Type: text/csv}", "      body: L,298.4,308.2,1582,70.7,216",
                "    expect:", "      status: 200", "      label: 0", ""));
        CliRun elsewhere = run("smoke", "--env", "staging", "--suite", suite.toString());
        assertEquals(1, elsewhere.exitCode(), elsewhere.out());
        CliRun notEvidence = run("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        assertEquals(1, notEvidence.exitCode());
        assertTrue(notEvidence.err().contains("no smoke run of staging's own API with its own suite"), notEvidence.err());

        // The environment's own suite is a path in the working directory, as a repository's would be.
        Path own = Path.of("target", "deploy-journey-" + state.getFileName(), "strict.yaml");
        Files.createDirectories(own.getParent());
        Files.copy(suite, own);
        editStaging(yaml -> yaml.replace("suite: tests/smoke/staging.yaml", "suite: " + own),
                "a stricter suite");
        CliRun ownRun = run("smoke", "--env", "staging");
        assertEquals(1, ownRun.exitCode(), ownRun.out());
        CliRun promote = run("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        assertEquals(1, promote.exitCode());
        assertTrue(promote.err().contains("the last smoke run of " + GROUP + "/1 in staging failed 1 of 1"), promote.err());
    }

    @Test
    void unapprovedDesiredVersionIsRefusedAndFailedDeployKeepsTheOldVersion() throws Exception {
        int good = build();
        approveAndWatch(good);
        reconcile("staging", 0);
        int pending = build();
        assertEquals(0, run("rollback", "--env", "staging", "--to-version", String.valueOf(good)).exitCode());
        CliRun neverServed = run("rollback", "--env", "staging", "--to-version", String.valueOf(pending));
        assertEquals(1, neverServed.exitCode());
        assertTrue(neverServed.err().contains("staging never served it"), neverServed.err());
        CliRun unapproved = run("rollback", "--env", "staging", "--to-version", String.valueOf(pending), "--force",
                "--reason", "try it");
        assertEquals(2, unapproved.exitCode());
        assertTrue(unapproved.err().contains("PendingManualApproval"), unapproved.err());

        int broken = build();
        Map<?, ?> described = run("models", "describe", GROUP + "/" + broken).json();
        String model = (String) ((Map<?, ?>) described.get("artifacts")).get("model");
        Files.writeString(state.resolve("s3").resolve(model.substring("s3://".length())), "not a model");
        run("models", "approve", GROUP + "/" + broken);
        run("watch-approvals", "--group", GROUP, "--once");
        Map<String, Object> degraded = reconcile("staging", 1);
        assertEquals("Degraded", degraded.get("health"));
        assertEquals(GROUP + "/" + good, degraded.get("live_version"), "the old version keeps serving");
        assertTrue(((String) degraded.get("message")).contains("did not take"), degraded.toString());
    }

    private int build() {
        CliRun build = run("build");
        assertEquals(0, build.exitCode(), build.err());
        return (Integer) ((Map<?, ?>) build.json().get("model_package")).get("version");
    }

    private void approveAndWatch(int version) {
        assertEquals(0, run("models", "approve", GROUP + "/" + version, "--by", "alice").exitCode());
        assertEquals(0, run("watch-approvals", "--group", GROUP, "--once").exitCode());
    }

    private Map<String, Object> reconcile(String env, int expectedExit) {
        CliRun run = run("reconcile", "--env", env, "--once", "--timeout", "2m", "--poll", "100ms");
        assertEquals(expectedExit, run.exitCode(), run.out() + run.err());
        return run.json();
    }

    /** A person's edit of staging's environment file, pushed to the desired-state repository. */
    private void editStaging(UnaryOperator<String> edit, String message) throws Exception {
        Path clone = state.resolve("human-clone");
        try (Git human = Git.cloneRepository().setURI(state.resolve("desired-state.git").toUri().toString())
                .setDirectory(clone.toFile()).call()) {
            Path file = clone.resolve("environments/staging.yaml");
            Files.writeString(file, edit.apply(Files.readString(file)));
            human.commit().setAll(true).setMessage(message).setAuthor("Bob", "bob@example.com")
                    .setCommitter("Bob", "bob@example.com").setSign(false).call();
            human.push().call().forEach(result -> result.getRemoteUpdates().forEach(update ->
                    assertEquals(RemoteRefUpdate.Status.OK, update.getStatus(), "the human's push")));
        }
    }

    private RevCommit lastCommit() throws Exception {
        try (Git git = Git.open(state.resolve("desired-state.git").toFile())) {
            return git.log().setMaxCount(1).call().iterator().next();
        }
    }

    private CliRun run(String... args) {
        String[] full = new String[args.length + 4];
        full[0] = "--state-dir";
        full[1] = state.toString();
        full[2] = "--output";
        full[3] = "json";
        System.arraycopy(args, 0, full, 4, args.length);
        return CliRun.of(full);
    }
}
