package dev.mlops.cli;

import static dev.mlops.cli.Journey.GROUP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The holes a new user found in the release rules, each tried as a user would through the CLI on
 * the embedded backend: every test here got through before the rules were enforced by the engine.
 */
class ReleaseIntegrityTest {
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
    void aPassingSmokeRunOfAnotherEnvironmentsApiIsNeverEvidence() {
        journey.approveAndWatch(journey.build());
        journey.shipToProd();
        int second = journey.build();
        journey.approveAndWatch(second);
        journey.reconcile("staging", 0);
        String prodApi = journey.server.baseUri().resolve("/api/prod/predict").toString();
        CliRun elsewhere = journey.run("smoke", "--env", "staging", "--url", prodApi, "--report-dir",
                state.resolve("reports").toString());
        assertEquals(0, elsewhere.exitCode(), "prod's API answers well: " + elsewhere.out());

        CliRun promote = journey.run("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        assertEquals(1, promote.exitCode(), promote.out());
        Map<?, ?> error = (Map<?, ?>) promote.json().get("error");
        List<?> rules = ((List<?>) error.get("refused_by")).stream().map(r -> ((Map<?, ?>) r).get("rule")).toList();
        assertTrue(rules.contains("evidence-version") || rules.contains("evidence-exists"), error.toString());
        assertEquals(GROUP + "/1", journey.status("prod").get("desired_version"), "prod still wants version 1");
    }

    @Test
    void evidenceMustComeFromTheVersionBeingPromoted() throws Exception {
        int first = journey.build();
        journey.approveAndWatch(first);
        journey.reconcile("staging", 0);
        assertEquals(0, journey.run("smoke", "--env", "staging", "--report-dir", state.resolve("r1").toString()).exitCode());
        journey.approveAndWatch(journey.build());
        journey.reconcile("staging", 0);

        CliRun promote = journey.run("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        assertEquals(1, promote.exitCode(), promote.out());
        assertTrue(promote.err().contains("answered by " + GROUP + "/1, not by " + GROUP + "/2"), promote.err());
    }

    @Test
    void rollbackToAVersionTheEnvironmentNeverServedIsRefusedUnlessForcedWithAReason() throws Exception {
        journey.approveAndWatch(journey.build());
        journey.shipToProd();
        int neverServed = journey.build();
        assertEquals(0, journey.run("models", "approve", GROUP + "/" + neverServed, "--by", "alice").exitCode());

        CliRun refused = journey.run("rollback", "--env", "prod", "--to-version", String.valueOf(neverServed));
        assertEquals(1, refused.exitCode(), refused.out());
        assertTrue(refused.err().contains("prod never served it"), refused.err());
        assertEquals(GROUP + "/1", journey.status("prod").get("desired_version"), "nothing was committed");

        CliRun noReason = journey.run("rollback", "--env", "prod", "--to-version", String.valueOf(neverServed), "--force");
        assertEquals(2, noReason.exitCode(), noReason.err());
        assertTrue(noReason.err().contains("--reason"), noReason.err());

        CliRun forced = journey.run("rollback", "--env", "prod", "--to-version", String.valueOf(neverServed), "--force",
                "--reason", "hotfix INC-42", "--by", "carol");
        assertEquals(0, forced.exitCode(), forced.err());
        assertEquals("forced", forced.json().get("rule"));
        String message = journey.lastCommit().getFullMessage();
        assertTrue(message.contains("Override: carol: hotfix INC-42"), message);
        assertTrue(message.contains("Rollback-Rule: forced"), message);
    }

    @Test
    void rollbackWithoutAVersionGoesToTheOneTheEnvironmentServedBefore() throws Exception {
        journey.approveAndWatch(journey.build());
        journey.shipToProd();
        journey.approveAndWatch(journey.build());
        journey.shipToProd();
        journey.build(); // a newer version prod never had must not be chosen

        CliRun rollback = journey.run("rollback", "--env", "prod", "--reason", "latency regression");
        assertEquals(0, rollback.exitCode(), rollback.err());
        assertEquals(GROUP + "/1", rollback.json().get("version"));
        assertEquals("previous", rollback.json().get("rule"));
        assertEquals(GROUP + "/1", journey.reconcile("prod", 0).get("live_version"));
    }

    @Test
    void statusIsOutOfSyncAsSoonAsGitWantsAnotherVersion() {
        journey.approveAndWatch(journey.build());
        assertEquals("Synced", journey.reconcile("staging", 0).get("sync"));
        journey.approveAndWatch(journey.build());

        Map<?, ?> staging = journey.status("staging");
        assertEquals("OutOfSync", staging.get("sync"), staging.toString());
        assertEquals(GROUP + "/2", staging.get("desired_version"));
        assertEquals(GROUP + "/1", staging.get("live_version"));
        assertEquals("Synced", journey.reconcile("staging", 0).get("sync"));
        assertEquals("Synced", journey.status("staging").get("sync"));
    }

    @Test
    void rejectingTheVersionProdServesRollsProdBackAndReconcileDeploysThePreviousOne() throws Exception {
        journey.approveAndWatch(journey.build());
        journey.shipToProd();
        int second = journey.build();
        journey.approveAndWatch(second);
        journey.shipToProd();

        assertEquals(0, journey.run("models", "reject", GROUP + "/" + second, "--by", "dave", "--reason",
                "drift in prod").exitCode());
        CliRun watched = journey.run("watch-approvals", "--group", GROUP, "--once");
        assertEquals(0, watched.exitCode(), watched.err());
        List<?> rollbacks = (List<?>) watched.json().get("rollbacks");
        assertEquals(List.of("staging", "prod"), rollbacks.stream().map(r -> ((Map<?, ?>) r).get("env")).sorted(
                (a, b) -> ((String) b).compareTo((String) a)).toList(), watched.out());
        assertEquals(GROUP + "/1", journey.reconcile("prod", 0).get("live_version"));
        Map<?, ?> prod = journey.status("prod");
        assertEquals("Synced", prod.get("sync"));
        assertEquals("Healthy", prod.get("health"));
        assertFalse(journey.run("history", "--env", "prod").out().isEmpty());
        assertTrue(journey.run("history", "--env", "prod").out().contains("reject-rollback"));
    }
}
