package dev.mlops.approval;

import static dev.mlops.fakes.Environments.GROUP;
import static dev.mlops.fakes.Environments.PROD;
import static dev.mlops.fakes.Environments.STAGING;
import static dev.mlops.fakes.FakeModelRegistry.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.fakes.FakeDesiredStateStore;
import dev.mlops.fakes.FakeModelRegistry;
import dev.mlops.fakes.FakeSmokeResults;
import dev.mlops.fakes.FakeWatchCursor;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.HistoryEntry;
import dev.mlops.gitops.Trailers;
import dev.mlops.local.TestClock;
import dev.mlops.promote.PromotionResult;
import dev.mlops.promote.Rollback;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.NewModelPackage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApprovalWatcherTest {
    private final TestClock clock = new TestClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final FakeDesiredStateStore desired = FakeDesiredStateStore.stagingAndProd(clock, Optional.empty(),
            Optional.empty());
    private final FakeModelRegistry registry = new FakeModelRegistry(clock);
    private final ApprovalWatcher watcher = new ApprovalWatcher(new ApprovalWatcher.Ports(registry, desired,
            new FakeWatchCursor(), new FakeSmokeResults()), STAGING);

    @Test
    void anApprovalBecomesOneCommitWithTheApproverAndTheReason() {
        ModelPackage registered = registry.register(new NewModelPackage(GROUP, ApprovalStatus.PendingManualApproval,
                Map.of("auc", 0.9), FakeModelRegistry.pending().artifacts(), Optional.of("abc123"),
                Optional.of("exec-7"), Optional.empty(), "ci"));
        registry.decide(1, ApprovalStatus.Approved, "alice <alice@example.com>", "recall up\n4 points");
        int commits = desired.commitCount();

        WatchResult result = watcher.poll(GROUP);

        assertEquals(commits + 1, desired.commitCount());
        assertEquals(Optional.of(ref(1)), desired.read(STAGING).spec().modelPackage());
        assertEquals(Optional.of(GROUP + "/1"), result.desiredVersion());
        assertTrue(result.commit().orElseThrow().changed());
        HistoryEntry commit = desired.lastCommit();
        assertEquals(result.commit().orElseThrow().commit(), commit.commit());
        assertEquals("alice <alice@example.com>", commit.author());
        assertEquals(Optional.of("approve"), commit.trailer(Trailers.CHANGE_KIND));
        assertEquals(Optional.of("alice <alice@example.com>"), commit.trailer(Trailers.APPROVED_BY));
        assertEquals(Optional.of("recall up 4 points"), commit.trailer(Trailers.APPROVAL_REASON));
        assertEquals(Optional.of(registered.arn()), commit.trailer(Trailers.MODEL_PACKAGE));
        assertEquals(Optional.of("exec-7"), commit.trailer(Trailers.SOURCE_EXECUTION));
        assertEquals(Optional.of("abc123"), commit.trailer(Trailers.SOURCE_COMMIT));
        assertEquals(Optional.empty(), desired.read(PROD).spec().modelPackage(), "approvals deploy to staging only");
    }

    @Test
    void actsOnEachApprovalExactlyOnceAcrossPolls() {
        registry.registerApproved("alice");
        watcher.poll(GROUP);
        int commits = desired.commitCount();

        WatchResult second = watcher.poll(GROUP);
        WatchResult third = watcher.poll(GROUP);

        assertEquals(commits, desired.commitCount());
        assertEquals(Optional.empty(), second.commit());
        assertEquals(List.of(), second.changes());
        assertEquals(List.of(), third.changes());
        assertEquals("no approval changes in " + GROUP, third.message());
    }

    @Test
    void doesNotActOnAPendingPackage() {
        registry.register(FakeModelRegistry.pending());
        int commits = desired.commitCount();

        WatchResult result = watcher.poll(GROUP);

        assertEquals(commits, desired.commitCount());
        assertEquals(Optional.empty(), result.commit());
        assertEquals(Optional.empty(), desired.read(STAGING).spec().modelPackage());
    }

    @Test
    void deploysOnlyTheNewestOfSeveralApprovalsSeenInOnePass() {
        registry.withApprovedVersions(3);
        int commits = desired.commitCount();

        watcher.poll(GROUP);

        assertEquals(commits + 1, desired.commitCount());
        assertEquals(Optional.of(ref(3)), desired.read(STAGING).spec().modelPackage());
    }

    @Test
    void anOlderApprovalDoesNotDowngradeStaging() {
        registry.register(FakeModelRegistry.pending());
        registry.registerApproved("alice");
        watcher.poll(GROUP);
        int commits = desired.commitCount();
        registry.decide(1, ApprovalStatus.Approved, "bob", "late review");

        WatchResult result = watcher.poll(GROUP);

        assertEquals(commits, desired.commitCount());
        assertEquals(Optional.of(ref(2)), desired.read(STAGING).spec().modelPackage());
        assertEquals(List.of(GROUP + "/1 Approved"), result.changes());
        assertEquals(Optional.empty(), result.commit());
    }

    @Test
    void rejectingTheVersionStagingWantsRollsStagingBack() {
        approveAndPoll();
        approveAndPoll();
        registry.decide(2, ApprovalStatus.Rejected, "carol", "leaks labels");

        WatchResult result = watcher.poll(GROUP);

        assertEquals(Optional.of(ref(1)), desired.read(STAGING).spec().modelPackage());
        PromotionResult rollback = single(result.rollbacks());
        assertEquals(STAGING, rollback.env());
        assertEquals(Rollback.PREVIOUS, rollback.rule());
        HistoryEntry commit = desired.lastCommit();
        assertEquals(Optional.of("reject-rollback"), commit.trailer(Trailers.CHANGE_KIND));
        assertEquals("carol", commit.author());
        assertTrue(commit.reason().contains("was rejected by carol: leaks labels"), commit.reason());
        assertEquals(List.of(), result.notes());
    }

    @Test
    void rejectingTheVersionProdWantsRollsProdBackToo() {
        approveAndPoll();
        approveAndPoll();
        desired.change(new ChangeRequest(PROD, Optional.of(ref(1)), "bob", "promote", Map.of()));
        desired.change(new ChangeRequest(PROD, Optional.of(ref(2)), "bob", "promote", Map.of()));
        registry.decide(2, ApprovalStatus.Rejected, "carol", "leaks labels");

        WatchResult result = watcher.poll(GROUP);

        assertEquals(Optional.of(ref(1)), desired.read(PROD).spec().modelPackage());
        assertEquals(Optional.of(ref(1)), desired.read(STAGING).spec().modelPackage());
        assertEquals(List.of(PROD, STAGING), result.rollbacks().stream().map(PromotionResult::env).sorted().toList());
        assertTrue(result.message().contains("prod rolled back to " + GROUP + "/1"), result.message());
    }

    @Test
    void rejectingAVersionNoEnvironmentWantsChangesNothing() {
        approveAndPoll();
        registry.register(FakeModelRegistry.pending());
        registry.decide(2, ApprovalStatus.Rejected, "carol", "not good enough");
        int commits = desired.commitCount();

        WatchResult result = watcher.poll(GROUP);

        assertEquals(commits, desired.commitCount());
        assertEquals(List.of(), result.rollbacks());
        assertEquals(List.of(), result.notes());
    }

    @Test
    void aRejectionWithNoEarlierVersionToGoToIsANoteNotAFailure() {
        approveAndPoll();
        registry.decide(1, ApprovalStatus.Rejected, "carol", "leaks labels");
        int commits = desired.commitCount();

        WatchResult result = watcher.poll(GROUP);

        assertEquals(commits, desired.commitCount());
        assertEquals(List.of(), result.rollbacks());
        String note = single(result.notes());
        assertTrue(note.startsWith("staging wants " + GROUP + "/1, which was rejected, but cannot roll back"), note);
        assertEquals(Optional.of(ref(1)), desired.read(STAGING).spec().modelPackage());
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** Registers the next version, approves it and lets the watcher deploy it to staging. */
    private void approveAndPoll() {
        registry.registerApproved("alice");
        watcher.poll(GROUP);
    }

    private static <T> T single(List<T> items) {
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }
}
