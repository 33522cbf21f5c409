package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The approval-to-production journey, command by command, as the README tells a user to run it. */
class DeployJourneyTest {
    static final String GROUP = Journey.GROUP;

    @TempDir
    Path state;
    Journey journey;

    @BeforeEach
    void serve() {
        journey = new Journey(state);
    }

    @AfterEach
    void stop() {
        journey.close();
    }

    @Test
    void approvalDeploysStagingSmokeGatesPromotionAndProdServesTheSameVersion() throws Exception {
        int version = journey.build();
        assertEquals(0, journey.run("models", "approve", GROUP + "/" + version, "--by", "alice", "--reason", "good").exitCode());
        Map<String, Object> watched = journey.run("watch-approvals", "--group", GROUP, "--once").json();
        assertEquals(GROUP + "/" + version, watched.get("desired_version"));
        assertEquals(true, watched.get("committed"));
        assertEquals(0, journey.run("watch-approvals", "--group", GROUP, "--once").exitCode());
        assertFalse(journey.run("watch-approvals", "--group", GROUP, "--once").json().containsKey("commit"), "acted on once only");

        CliRun refused = journey.run("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        assertEquals(1, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("staging is OutOfSync/Missing serving nothing") && refused.err().contains("no smoke run"),
                refused.err());

        Map<String, Object> reconciled = journey.reconcile("staging", 0);
        assertEquals("Synced", reconciled.get("sync"));
        assertEquals("Healthy", reconciled.get("health"));
        assertEquals(GROUP + "/" + version, reconciled.get("live_version"));
        CliRun smoke = journey.run("smoke", "--env", "staging", "--report-dir", state.resolve("reports").toString());
        assertEquals(0, smoke.exitCode(), smoke.out() + smoke.err());
        assertTrue(Files.readString(Path.of((String) smoke.json().get("junit_xml"))).contains("<testsuite"));

        CliRun noApprover = journey.run("promote", "--from", "staging", "--to", "prod");
        assertEquals(1, noApprover.exitCode());
        assertTrue(noApprover.err().contains("requires a named approver"), noApprover.err());
        assertEquals(0, journey.run("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob").exitCode());
        assertEquals(GROUP + "/" + version, journey.reconcile("prod", 0).get("live_version"));

        RevCommit promotion = journey.lastCommit();
        assertTrue(promotion.getFullMessage().contains("Approved-By: bob"), promotion.getFullMessage());
        assertTrue(promotion.getFullMessage().contains("Smoke-Result: passed"), promotion.getFullMessage());
        Map<String, Object> status = journey.run("status").json();
        List<?> environments = (List<?>) status.get("environments");
        assertEquals(2, environments.size());
        environments.forEach(e -> assertEquals("Synced", ((Map<?, ?>) e).get("sync")));
    }

    @Test
    void reconcilingTwiceChangesNothingTheSecondTime() throws Exception {
        journey.approveAndWatch(journey.build());
        journey.reconcile("staging", 0);
        Path config = state.resolve("endpoints").resolve("predictive-maintenance-staging");
        long before = Files.walk(config).mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
        CliRun again = journey.run("reconcile", "--env", "staging", "--once");
        assertEquals(0, again.exitCode());
        long after = Files.walk(config).mapToLong(p -> p.toFile().lastModified()).max().orElse(0);
        assertEquals(before, after, "a second reconcile must not touch the endpoint");
    }

    @Test
    void rejectingTheVersionStagingWantsRollsStagingBack() throws Exception {
        int first = journey.build();
        journey.approveAndWatch(first);
        int second = journey.build();
        journey.approveAndWatch(second);
        assertEquals(GROUP + "/" + second, journey.reconcile("staging", 0).get("live_version"));
        assertEquals(0, journey.run("models", "reject", GROUP + "/" + second, "--reason", "bad in staging").exitCode());
        Map<String, Object> watched = journey.run("watch-approvals", "--group", GROUP, "--once").json();
        assertEquals(GROUP + "/" + first, watched.get("desired_version"));
        assertTrue(journey.lastCommit().getFullMessage().contains("Change-Kind: reject-rollback"));
        assertEquals(GROUP + "/" + first, journey.reconcile("staging", 0).get("live_version"));
    }

    @Test
    void failingSmokeRunBlocksPromotion() throws Exception {
        journey.approveAndWatch(journey.build());
        journey.reconcile("staging", 0);
        Path suite = state.resolve("strict.yaml");
        Files.writeString(suite, String.join("\n", "name: strict", "cases:", "  - name: failure record is normal",
                "    request:", "      headers: {Content-Type: text/csv}", "      body: L,298.4,308.2,1582,70.7,216",
                "    expect:", "      status: 200", "      label: 0", ""));
        CliRun elsewhere = journey.run("smoke", "--env", "staging", "--suite", suite.toString());
        assertEquals(1, elsewhere.exitCode(), elsewhere.out());
        CliRun notEvidence = journey.run("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        assertEquals(1, notEvidence.exitCode());
        assertTrue(notEvidence.err().contains("no smoke run of staging's own API with its own suite"), notEvidence.err());

        // The environment's own suite is a path in the working directory, as a repository's would be.
        Path ownSuite = Path.of("target", "deploy-journey-" + state.getFileName(), "strict.yaml");
        Files.createDirectories(ownSuite.getParent());
        Files.copy(suite, ownSuite);
        journey.edit("staging", yaml -> yaml.replace("suite: tests/smoke/staging.yaml", "suite: " + ownSuite), "a stricter suite");
        CliRun own = journey.run("smoke", "--env", "staging");
        assertEquals(1, own.exitCode(), own.out());
        CliRun promote = journey.run("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        assertEquals(1, promote.exitCode());
        assertTrue(promote.err().contains("the last smoke run of " + GROUP + "/1 in staging failed 1 of 1"), promote.err());
    }

    @Test
    void unapprovedDesiredVersionIsRefusedAndFailedDeployKeepsTheOldVersion() throws Exception {
        int good = journey.build();
        journey.approveAndWatch(good);
        journey.reconcile("staging", 0);
        int pending = journey.build();
        assertEquals(0, journey.run("rollback", "--env", "staging", "--to-version", String.valueOf(good)).exitCode());
        CliRun neverServed = journey.run("rollback", "--env", "staging", "--to-version", String.valueOf(pending));
        assertEquals(1, neverServed.exitCode());
        assertTrue(neverServed.err().contains("staging never served it"), neverServed.err());
        CliRun unapproved = journey.run("rollback", "--env", "staging", "--to-version", String.valueOf(pending), "--force",
                "--reason", "try it");
        assertEquals(2, unapproved.exitCode());
        assertTrue(unapproved.err().contains("PendingManualApproval"), unapproved.err());

        int broken = journey.build();
        Map<?, ?> described = journey.run("models", "describe", GROUP + "/" + broken).json();
        String model = (String) ((Map<?, ?>) described.get("artifacts")).get("model");
        Files.writeString(state.resolve("s3").resolve(model.substring("s3://".length())), "not a model");
        journey.run("models", "approve", GROUP + "/" + broken);
        journey.run("watch-approvals", "--group", GROUP, "--once");
        Map<String, Object> degraded = journey.reconcile("staging", 1);
        assertEquals("Degraded", degraded.get("health"));
        assertEquals(GROUP + "/" + good, degraded.get("live_version"), "the old version keeps serving");
        assertTrue(((String) degraded.get("message")).contains("did not take"), degraded.toString());
    }
}
