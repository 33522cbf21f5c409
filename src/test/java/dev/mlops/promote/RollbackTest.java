package dev.mlops.promote;

import static dev.mlops.fakes.Environments.GROUP;
import static dev.mlops.fakes.Environments.PROD;
import static dev.mlops.fakes.Environments.STAGING;
import static dev.mlops.fakes.FakeModelRegistry.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import dev.mlops.fakes.FakeDesiredStateStore;
import dev.mlops.fakes.FakeModelRegistry;
import dev.mlops.fakes.FakeSmokeResults;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.HistoryEntry;
import dev.mlops.gitops.Trailers;
import dev.mlops.local.TestClock;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.smoke.SmokeRecords;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollbackTest {
    private final TestClock clock = new TestClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final FakeDesiredStateStore desired = FakeDesiredStateStore.stagingAndProd(clock, Optional.empty(),
            Optional.empty());
    private final FakeModelRegistry registry = new FakeModelRegistry(clock).withApprovedVersions(4);
    private final FakeSmokeResults smoke = new FakeSmokeResults();
    private final Rollback rollback = new Rollback(new Rollback.Ports(desired, registry, smoke));

    @Test
    void goesToTheNewestEarlierVersionOfItsOwnHistory() {
        wants(STAGING, 1, 2, 3);

        PromotionResult result = rollback.rollback(Rollback.Request.manual(STAGING, Optional.empty(), "ops",
                "3 answers slowly", false));

        assertEquals(GROUP + "/2", result.version());
        assertEquals(Optional.of(GROUP + "/3"), result.previousVersion());
        assertEquals(Rollback.PREVIOUS, result.rule());
        assertFalse(result.forced());
        assertEquals(Optional.of(ref(2)), desired.read(STAGING).spec().modelPackage());
        HistoryEntry commit = desired.lastCommit();
        assertEquals("ops", commit.author());
        assertEquals("3 answers slowly", commit.reason());
        assertEquals(Optional.of("rollback"), commit.trailer(Trailers.CHANGE_KIND));
        assertEquals(Optional.of(registry.describe(ref(2)).arn()), commit.trailer(Trailers.MODEL_PACKAGE));
        assertEquals(Optional.of(GROUP + "/3"), commit.trailer(Trailers.ROLLED_BACK_FROM));
        assertEquals(Optional.of(Rollback.PREVIOUS), commit.trailer(Trailers.ROLLBACK_RULE));
        assertEquals(Optional.empty(), commit.trailer(Trailers.OVERRIDE));
    }

    @Test
    void skipsAnEarlierVersionThatIsNoLongerApproved() {
        wants(STAGING, 1, 2, 3);
        registry.decide(2, ApprovalStatus.Rejected, "carol", "leaks labels");

        PromotionResult result = rollback.rollback(manual(STAGING, Optional.empty()));

        assertEquals(GROUP + "/1", result.version());
        assertEquals(Rollback.PREVIOUS, result.rule());
    }

    @Test
    void refusesThePreviousVersionWhenTheHistoryHasNoEarlierApprovedOne() {
        wants(STAGING, 1);

        ReleaseRefusedException refused = refused(manual(STAGING, Optional.empty()));

        assertEquals(List.of(Rollback.PREVIOUS), rules(refused));
        assertTrue(refused.getMessage().contains("no earlier Approved version"), refused.getMessage());
    }

    @Test
    void acceptsANamedVersionTheEnvironmentServedBefore() {
        wants(STAGING, 1, 2, 3);

        PromotionResult result = rollback.rollback(manual(STAGING, Optional.of(1)));

        assertEquals(GROUP + "/1", result.version());
        assertEquals(Rollback.SERVED_BEFORE, result.rule());
        assertEquals(Optional.of(Rollback.SERVED_BEFORE), desired.lastCommit().trailer(Trailers.ROLLBACK_RULE));
    }

    @Test
    void acceptsANamedVersionThatTheSourceServedAndPassedItsOwnSmokeRun() {
        wants(STAGING, 1, 2, 3);
        wants(PROD, 1, 3);
        smoke.record(SmokeRecords.evidence(STAGING, GROUP + "/2", "v2-0123abcd", true, clock.instant()));

        PromotionResult result = rollback.rollback(manual(PROD, Optional.of(2)));

        assertEquals(GROUP + "/2", result.version());
        assertEquals(Rollback.PASSED_IN_SOURCE, result.rule());
        assertEquals(Optional.of(ref(2)), desired.read(PROD).spec().modelPackage());
    }

    @Test
    void refusesANamedVersionWhoseSourceRunWasAnsweredByAnotherVersion() {
        wants(STAGING, 1, 2, 3);
        wants(PROD, 1, 3);
        smoke.record(SmokeRecords.evidence(STAGING, GROUP + "/3", "v3-0123abcd", true, clock.instant()));

        ReleaseRefusedException refused = refused(manual(PROD, Optional.of(2)));

        assertEquals(List.of(Rollback.SERVED_BEFORE), rules(refused));
        assertTrue(refused.getMessage().contains("prod never served it, and staging has no passing smoke run of it"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("--force --reason"), refused.getMessage());
    }

    @Test
    void refusesANamedVersionWhosePassingRunWasNotAgainstTheSourcesOwnApi() {
        wants(STAGING, 1, 2, 3);
        wants(PROD, 1, 3);
        smoke.record(SmokeRecords.elsewhere(STAGING, GROUP + "/2", "v2-0123abcd", true, clock.instant()));

        assertEquals(List.of(Rollback.SERVED_BEFORE), rules(refused(manual(PROD, Optional.of(2)))));
    }

    @Test
    void refusesANamedVersionThatFailedItsSmokeRunInTheSource() {
        wants(STAGING, 1, 2, 3);
        wants(PROD, 1, 3);
        smoke.record(SmokeRecords.evidence(STAGING, GROUP + "/2", "v2-0123abcd", false, clock.instant()));

        assertEquals(List.of(Rollback.SERVED_BEFORE), rules(refused(manual(PROD, Optional.of(2)))));
    }

    @Test
    void refusesANamedVersionTheSourceNeverServedWhateverItsSmokeRuns() {
        wants(STAGING, 1, 3);
        wants(PROD, 1, 3);
        smoke.record(SmokeRecords.evidence(STAGING, GROUP + "/2", "v2-0123abcd", true, clock.instant()));

        assertEquals(List.of(Rollback.SERVED_BEFORE), rules(refused(manual(PROD, Optional.of(2)))));
    }

    @Test
    void forcesANamedVersionAndRecordsWhoAndWhyInTheTrailers() {
        wants(PROD, 1, 3);

        PromotionResult result = rollback.rollback(Rollback.Request.manual(PROD, Optional.of(4), "ops",
                "hotfix for\nincident 42", true));

        assertEquals(GROUP + "/4", result.version());
        assertEquals(Rollback.FORCED, result.rule());
        assertTrue(result.forced());
        HistoryEntry commit = desired.lastCommit();
        assertEquals(Optional.of(Rollback.FORCED), commit.trailer(Trailers.ROLLBACK_RULE));
        assertEquals(Optional.of("ops: hotfix for incident 42"), commit.trailer(Trailers.OVERRIDE));
        assertEquals(Optional.of(GROUP + "/3"), commit.trailer(Trailers.ROLLED_BACK_FROM));
    }

    @Test
    void forcingNeedsANamedVersion() {
        wants(PROD, 1, 3);

        InputException error = assertThrows(InputException.class,
                () -> Rollback.Request.manual(PROD, Optional.empty(), "ops", "incident 42", true));

        assertTrue(error.getMessage().contains("--to-version"), error.getMessage());
    }

    @Test
    void forcingNeedsAReason() {
        InputException error = assertThrows(InputException.class,
                () -> Rollback.Request.manual(PROD, Optional.of(4), "ops", "   ", true));

        assertTrue(error.getMessage().contains("--reason"), error.getMessage());
    }

    @Test
    void neverGoesToAVersionThatIsNotApprovedEvenForced() {
        wants(PROD, 1, 3);
        registry.register(FakeModelRegistry.pending());
        int commits = desired.commitCount();

        InputException error = assertThrows(InputException.class, () -> rollback.rollback(
                Rollback.Request.manual(PROD, Optional.of(5), "ops", "incident 42", true)));

        assertTrue(error.getMessage().contains("it is PendingManualApproval; only Approved versions are deployed"),
                error.getMessage());
        assertEquals(commits, desired.commitCount());
    }

    @Test
    void neverGoesBackToARejectedVersionItServedBefore() {
        wants(STAGING, 1, 2);
        registry.decide(1, ApprovalStatus.Rejected, "carol", "leaks labels");

        InputException error = assertThrows(InputException.class, () -> rollback.rollback(manual(STAGING, Optional.of(1))));

        assertTrue(error.getMessage().contains("it is Rejected"), error.getMessage());
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static Rollback.Request manual(String env, Optional<Integer> version) {
        return Rollback.Request.manual(env, version, "ops", "", false);
    }

    private ReleaseRefusedException refused(Rollback.Request request) {
        int commits = desired.commitCount();
        ReleaseRefusedException refused = assertThrows(ReleaseRefusedException.class, () -> rollback.rollback(request));
        assertEquals(commits, desired.commitCount(), "a refused rollback commits nothing");
        return refused;
    }

    private static List<String> rules(ReleaseRefusedException refused) {
        return refused.refusals().stream().map(Refusal::rule).toList();
    }

    /** Commits each version in turn as the environment's desired one. */
    private void wants(String env, int... versions) {
        for (int version : versions) {
            desired.change(new ChangeRequest(env, Optional.of(ref(version)), "alice", "", Map.of()));
        }
    }
}
