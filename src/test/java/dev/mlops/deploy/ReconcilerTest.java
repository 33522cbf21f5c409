package dev.mlops.deploy;

import static dev.mlops.fakes.Environments.STAGING;
import static dev.mlops.fakes.FakeModelRegistry.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import dev.mlops.Outcome;
import dev.mlops.Polling;
import dev.mlops.Sleeper;
import dev.mlops.UnavailableException;
import dev.mlops.WorkFailedException;
import dev.mlops.deploy.EnvironmentStatus.Condition;
import dev.mlops.fakes.Environments;
import dev.mlops.fakes.FakeDesiredStateStore;
import dev.mlops.fakes.FakeEndpointDeployer;
import dev.mlops.fakes.FakeModelRegistry;
import dev.mlops.fakes.FakeStatusStore;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.UnknownEnvironmentException;
import dev.mlops.local.TestClock;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.NewModelPackage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReconcilerTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private final TestClock clock = new TestClock(T0);
    private final FakeDesiredStateStore desired = FakeDesiredStateStore.stagingAndProd(clock, Optional.of(1), Optional.empty());
    private final FakeModelRegistry registry = new FakeModelRegistry(clock);
    private final FakeEndpointDeployer endpoints = new FakeEndpointDeployer(clock);
    private final FakeStatusStore statuses = new FakeStatusStore();
    private final List<Duration> sleeps = new ArrayList<>();
    /** What the status store held for staging at each sleep: the status a watcher sees while the reconcile waits. */
    private final List<Reason> savedWhileWaiting = new ArrayList<>();
    /** Time passes and the endpoint's asynchronous work moves on only while the reconcile sleeps. */
    private Sleeper sleeper = d -> {
        sleeps.add(d);
        savedWhileWaiting.add(statuses.load(STAGING).map(EnvironmentStatus::reason).orElse(null));
        clock.advance(d);
        endpoints.step();
    };

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    // --- endings -----------------------------------------------------------------------------------

    @Test
    void deploysTheDesiredVersionAndWaitsUntilTheEndpointServesIt() {
        registry.withApprovedVersions(1);

        ReconcileResult result = reconcile(request());

        assertEquals(Reason.ReconciliationSucceeded, result.status().reason());
        assertEquals(Outcome.SUCCEEDED, result.outcome());
        assertTrue(result.acted());
        EndpointDescription live = endpoints.describe(endpoint()).orElseThrow();
        assertTrue(live.serves(config(1).configName()), live.toString());
        assertEquals(Optional.of(1), live.liveVersion());
        assertEquals(List.of(Duration.ofSeconds(1)), sleeps);
        assertEquals(EnvironmentStatus.Sync.Synced, result.status().state().sync());
        assertEquals(EnvironmentStatus.Health.Healthy, result.status().state().health());
        assertConditions(statuses.get(STAGING), true, false, false);
    }

    @Test
    void savesProgressingWhileItWaitsAndNeverEndsWithIt() {
        registry.withApprovedVersions(1);
        endpoints.stepsPerUpdate(3);

        reconcile(request());

        assertEquals(List.of(Reason.Progressing, Reason.Progressing, Reason.Progressing), savedWhileWaiting);
        EnvironmentStatus progressing = statuses.saves().get(0);
        assertEquals(Reason.Progressing, progressing.reason());
        assertConditions(progressing, false, true, false);
        assertEquals(Optional.empty(), progressing.revisions().lastApplied(), "applied advances only on success");
        assertEquals(Reason.ReconciliationSucceeded, statuses.get(STAGING).reason());
        assertEquals(2, statuses.saves().size(), "one save before waiting, one at the end");
    }

    @Test
    void aSecondReconcileWithNothingChangedDoesNotApplyAgain() {
        registry.withApprovedVersions(1);
        reconcile(request());
        sleeps.clear();

        ReconcileResult again = reconcile(request());

        assertEquals(Reason.ReconciliationSucceeded, again.status().reason());
        assertFalse(again.acted());
        assertEquals(1, endpoints.applyCalls().size());
        assertEquals(List.of(), sleeps, "nothing to wait for");
    }

    @Test
    void endsWithNothingDesiredWhenNoVersionIsWantedAndNoEndpointExists() {
        desired.change(change(Optional.empty()));

        ReconcileResult result = reconcile(request());

        assertEquals(Reason.NothingDesired, result.status().reason());
        assertEquals(Outcome.SUCCEEDED, result.outcome());
        assertFalse(result.acted());
        assertEquals(List.of(), endpoints.applyCalls());
        assertConditions(statuses.get(STAGING), true, false, false);
        assertEquals(Optional.of(desired.headCommit()), statuses.get(STAGING).revisions().lastApplied());
    }

    @Test
    void neverDeletesAnEndpointWhenTheDesiredStateNoLongerNamesAVersion() {
        registry.withApprovedVersions(1);
        reconcile(request());
        desired.change(change(Optional.empty()));

        ReconcileResult result = reconcile(request());

        assertEquals(Reason.DeletionNotSupported, result.status().reason());
        assertEquals(Outcome.STALLED, result.outcome());
        assertTrue(endpoints.describe(endpoint()).orElseThrow().serves(config(1).configName()), "it keeps serving");
        assertEquals(1, endpoints.applyCalls().size());
        assertConditions(statuses.get(STAGING), false, false, true);
    }

    @Test
    void refusesToDeployAVersionThatIsNotApproved() {
        registry.register(FakeModelRegistry.pending());

        ReconcileResult result = reconcile(request());

        assertEquals(Reason.NotApproved, result.status().reason());
        assertEquals(Outcome.STALLED, result.outcome());
        assertTrue(result.status().message().contains("PendingManualApproval"), result.status().message());
        assertEquals(List.of(), endpoints.applyCalls());
        assertConditions(statuses.get(STAGING), false, false, true);
    }

    @Test
    void refusesToDeployARejectedVersionEvenWhenItWasApprovedBefore() {
        registry.withApprovedVersions(1);
        registry.decide(1, ApprovalStatus.Rejected, "carol", "leaks labels");

        assertEquals(Reason.NotApproved, reconcile(request()).status().reason());
        assertEquals(List.of(), endpoints.applyCalls());
    }

    @Test
    void stallsOnADesiredVersionMissingFromTheRegistry() {
        registry.withApprovedVersions(1);
        desired.change(change(Optional.of(5)));

        ReconcileResult result = reconcile(request());

        assertEquals(Reason.DesiredVersionMissing, result.status().reason());
        assertEquals(Outcome.STALLED, result.outcome());
        assertEquals(List.of(), endpoints.applyCalls());
        assertEquals(EnvironmentStatus.Sync.OutOfSync, result.status().state().sync());
    }

    @Test
    void stallsOnAnEnvironmentFileThatDoesNotReadAndRecordsTheCommitAttempted() {
        registry.withApprovedVersions(1);
        reconcile(request());
        String good = desired.headCommit();
        String broken = desired.editByHand(STAGING, "name: staging\nreplicas: 3\n", "dave", "try a new key");

        ReconcileResult result = reconcile(request());

        assertEquals(Reason.InvalidDesiredState, result.status().reason());
        assertEquals(Outcome.STALLED, result.outcome());
        assertEquals(Optional.of(broken), result.status().revisions().lastAttempted());
        assertEquals(Optional.of(good), result.status().revisions().lastApplied());
        assertEquals(endpoint(), result.status().state().endpoint(), "the endpoint is known from the last status");
        assertEquals(1, endpoints.applyCalls().size());
        assertConditions(statuses.get(STAGING), false, false, true);
    }

    @Test
    void reportsARolledBackUpdateAsDeploymentFailedAndNotAsSuccess() {
        registry.withApprovedVersions(2);
        reconcile(request());
        String applied = desired.headCommit();
        desired.change(change(Optional.of(2)));
        endpoints.nextUpdateRollsBack("alarm predictive-maintenance-staging-5xx fired");

        ReconcileResult result = reconcile(request());

        EndpointDescription live = endpoints.describe(endpoint()).orElseThrow();
        assertEquals(EndpointStatus.InService, live.status(), "SageMaker's rollback ends InService on the old config");
        assertTrue(live.serves(config(1).configName()));
        assertEquals(Reason.DeploymentFailed, result.status().reason());
        assertEquals(Outcome.STALLED, result.outcome());
        assertTrue(result.status().message().contains("alarm predictive-maintenance-staging-5xx fired"),
                result.status().message());
        assertTrue(result.status().message().contains("version 1 keeps serving"), result.status().message());
        assertEquals(Optional.of(desired.headCommit()), result.status().revisions().lastAttempted());
        assertEquals(Optional.of(applied), result.status().revisions().lastApplied());
        assertEquals(EnvironmentStatus.Health.Degraded, result.status().state().health());
        assertConditions(statuses.get(STAGING), false, false, true);
    }

    @Test
    void reportsAFailedCreationAsDeploymentFailed() {
        registry.withApprovedVersions(1);
        endpoints.nextUpdateFails("the model does not load");

        ReconcileResult result = reconcile(request());

        assertEquals(Reason.DeploymentFailed, result.status().reason());
        assertTrue(result.status().message().contains("the model does not load"), result.status().message());
        assertEquals(Optional.empty(), result.status().revisions().lastApplied());
    }

    @Test
    void doesNotRetryAFailedDeploymentUnlessAsked() {
        registry.withApprovedVersions(2);
        reconcile(request());
        desired.change(change(Optional.of(2)));
        endpoints.nextUpdateRollsBack("health check failed");
        reconcile(request());
        int applies = endpoints.applyCalls().size();

        ReconcileResult loop = reconcile(new ReconcileRequest(STAGING, Duration.ofMinutes(1), Duration.ofSeconds(1), false));

        assertEquals(Reason.DeploymentFailed, loop.status().reason());
        assertFalse(loop.acted());
        assertEquals(applies, endpoints.applyCalls().size(), "the loop never applies a failed config again");
        assertTrue(loop.status().message().contains("health check failed"), loop.status().message());
    }

    @Test
    void retriesAFailedDeploymentWhenAsked() {
        registry.withApprovedVersions(2);
        reconcile(request());
        desired.change(change(Optional.of(2)));
        endpoints.nextUpdateRollsBack("health check failed");
        reconcile(request());

        ReconcileResult once = reconcile(request());

        assertEquals(Reason.ReconciliationSucceeded, once.status().reason());
        assertTrue(once.acted());
        assertTrue(endpoints.describe(endpoint()).orElseThrow().serves(config(2).configName()));
        assertEquals(Optional.of(desired.headCommit()), once.status().revisions().lastApplied());
    }

    @Test
    void endsWithWaitTimedOutWhileTheUpdateGoesOn() {
        registry.withApprovedVersions(1);
        endpoints.stepsPerUpdate(10);

        ReconcileResult result = reconcile(new ReconcileRequest(STAGING, Duration.ofSeconds(3), Duration.ofSeconds(1), true));

        assertEquals(Reason.WaitTimedOut, result.status().reason());
        assertEquals(Outcome.WAITING, result.outcome());
        assertTrue(result.acted());
        assertEquals(EndpointStatus.Creating, endpoints.describe(endpoint()).orElseThrow().status());
        assertEquals(3, sleeps.size());
        assertEquals(Optional.empty(), result.status().revisions().lastApplied());
        assertEquals(Optional.of(desired.headCommit()), result.status().revisions().lastAttempted());
        assertConditions(statuses.get(STAGING), false, true, false);
    }

    @Test
    void pollsAtTheBackendsPaceDoublingToItsCapAndNeverSleepsPastTheDeadline() {
        registry.withApprovedVersions(1);
        endpoints.stepsPerUpdate(100);
        Polling sageMakerPace = new Polling(Duration.ofSeconds(2), Duration.ofSeconds(8));

        ReconcileResult result = reconcile(new ReconcileRequest(STAGING, Duration.ofSeconds(25), sageMakerPace,
                ReconcileRequest.Mode.CORRECT_AND_RETRY));

        assertEquals(Reason.WaitTimedOut, result.status().reason());
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8), Duration.ofSeconds(8),
                Duration.ofSeconds(3)), sleeps, "2, 4, 8, 8, then the 3 s left before the 25 s deadline");
    }

    @Test
    void reattachesToAnUpdateAlreadyUnderWayInsteadOfStartingAnother() {
        registry.withApprovedVersions(1);
        endpoints.stepsPerUpdate(5);
        reconcile(new ReconcileRequest(STAGING, Duration.ZERO, Duration.ofSeconds(1), true));
        assertEquals(1, endpoints.applyCalls().size());

        ReconcileResult followed = reconcile(request());

        assertEquals(Reason.ReconciliationSucceeded, followed.status().reason());
        assertFalse(followed.acted(), "it followed the update it found");
        assertEquals(1, endpoints.applyCalls().size());
        assertEquals(5, sleeps.size(), "the five steps of the update it found");
    }

    @Test
    void endsWithEndpointBusyWhileAnotherUpdateHoldsTheEndpoint() {
        registry.withApprovedVersions(2);
        endpoints.serving(config(2));
        endpoints.stepsPerUpdate(100);
        endpoints.apply(config(2, 2)); // someone else's update, not from Git

        ReconcileResult result = reconcile(new ReconcileRequest(STAGING, Duration.ofSeconds(2), Duration.ofSeconds(1), true));

        assertEquals(Reason.EndpointBusy, result.status().reason());
        assertEquals(Outcome.WAITING, result.outcome());
        assertFalse(result.acted());
        assertTrue(result.status().message().contains(config(2, 2).configName()), result.status().message());
        assertEquals(2, endpoints.applyCalls().size(), "it never interrupts someone else's update");
        assertConditions(statuses.get(STAGING), false, true, false);
    }

    @Test
    void waitsForAnotherUpdateToEndThenAppliesItsOwn() {
        registry.withApprovedVersions(2);
        endpoints.serving(config(2));
        endpoints.stepsPerUpdate(2);
        endpoints.apply(config(2, 2));

        ReconcileResult result = reconcile(request());

        assertEquals(Reason.ReconciliationSucceeded, result.status().reason());
        assertTrue(endpoints.describe(endpoint()).orElseThrow().serves(config(1).configName()));
        assertEquals(config(1), endpoints.applyCalls().get(endpoints.applyCalls().size() - 1));
    }

    @Test
    void reportsARollbackEvenWhenTheEndpointsClockLagsBehindTheControllers() {
        FakeEndpointDeployer lagging = new FakeEndpointDeployer(Clock.offset(clock, Duration.ofHours(-1)));
        registry.withApprovedVersions(2);
        lagging.serving(config(1));
        desired.change(change(Optional.of(2)));
        lagging.stepsPerUpdate(2).nextUpdateRollsBack("alarm fired");

        ReconcileResult result = new Reconciler(new Reconciler.Ports(desired, registry, lagging, statuses,
                SmokeVerdicts.NONE), clock, d -> {
                    clock.advance(d);
                    lagging.step();
                }).reconcile(request());

        assertEquals(Reason.DeploymentFailed, result.status().reason(), "a rollback stamped by a slow clock is still this attempt's");
        assertTrue(result.status().message().contains("alarm fired"), result.status().message());
    }

    // --- drift -------------------------------------------------------------------------------------

    @Test
    void correctsAnEndpointChangedByHandToAConfigGitDoesNotName() {
        registry.withApprovedVersions(1);
        reconcile(request());
        endpoints.serving(config(1, 2)); // changed in the console: another config

        ReconcileResult result = reconcile(request());

        assertEquals(Reason.ReconciliationSucceeded, result.status().reason());
        assertTrue(result.acted());
        assertTrue(endpoints.describe(endpoint()).orElseThrow().serves(config(1).configName()));
    }

    @Test
    void onlyReportsDriftWhenAskedNotToCorrect() {
        registry.withApprovedVersions(1);
        reconcile(request());
        endpoints.serving(config(1, 2));
        int applies = endpoints.applyCalls().size();

        ReconcileResult result = reconcile(new ReconcileRequest(STAGING, Duration.ofMinutes(1), Duration.ofSeconds(1),
                ReconcileRequest.Mode.REPORT_ONLY));

        assertEquals(Reason.DriftDetected, result.status().reason());
        assertEquals(Outcome.STALLED, result.outcome());
        assertFalse(result.acted());
        assertEquals(applies, endpoints.applyCalls().size(), "nothing written");
        assertTrue(result.status().message().contains(config(1, 2).configName())
                && result.status().message().contains(config(1).configName()), result.status().message());
        assertEquals(EnvironmentStatus.Sync.OutOfSync, result.status().state().sync());
        assertConditions(statuses.get(STAGING), false, false, true);
    }

    @Test
    void reportOnlyNeverCreatesAMissingEndpointNorRetriesAFailedOne() {
        registry.withApprovedVersions(1);
        ReconcileRequest reportOnly = new ReconcileRequest(STAGING, Duration.ofMinutes(1), Duration.ofSeconds(1),
                ReconcileRequest.Mode.REPORT_ONLY);

        assertEquals(Reason.DriftDetected, reconcile(reportOnly).status().reason());
        assertEquals(List.of(), endpoints.applyCalls());
        endpoints.nextUpdateFails("bad image");
        reconcile(request());
        assertEquals(Reason.DeploymentFailed, reconcile(reportOnly).status().reason());
        assertEquals(1, endpoints.applyCalls().size());
    }

    @Test
    void endsWithInterruptedAndKeepsTheInterruptFlagWhenStoppedWhileWaiting() {
        registry.withApprovedVersions(1);
        sleeper = d -> {
            throw new InterruptedException("stop");
        };

        ReconcileResult result = reconcile(request());

        assertTrue(Thread.interrupted(), "the interrupt is restored for the caller");
        assertEquals(Reason.Interrupted, result.status().reason());
        assertEquals(Outcome.WAITING, result.outcome());
        assertEquals(Reason.Interrupted, statuses.get(STAGING).reason());
        assertConditions(statuses.get(STAGING), false, true, false);
    }

    @Test
    void endsWithReconciliationFailedAndRethrowsForAPackageThatCannotBeServed() {
        registry.register(new NewModelPackage(Environments.GROUP, ApprovalStatus.PendingManualApproval, Map.of(),
                Map.of(ModelRef.FEATURIZER, "s3://bucket/featurizer.tar.gz"), Optional.empty(), Optional.empty(),
                Optional.empty(), "ci"));
        registry.decide(1, ApprovalStatus.Approved, "alice", "");

        InputException error = assertThrows(InputException.class, () -> reconcile(request()));

        assertTrue(error.getMessage().contains("has no 'model' artifact"), error.getMessage());
        EnvironmentStatus saved = statuses.get(STAGING);
        assertEquals(Reason.ReconciliationFailed, saved.reason());
        assertEquals(Outcome.STALLED, saved.outcome());
        assertTrue(saved.message().contains("has no 'model' artifact"), saved.message());
        assertConditions(saved, false, false, true);
    }

    @Test
    void endsWithDependencyFailedAndRethrowsWhenTheRegistryIsUnavailable() {
        registry.withApprovedVersions(1);
        UnavailableException down = new UnavailableException("cannot reach the model registry: connection refused");
        registry.failNext(down);

        UnavailableException thrown = assertThrows(UnavailableException.class, () -> reconcile(request()));

        assertSame(down, thrown);
        EnvironmentStatus saved = statuses.get(STAGING);
        assertEquals(Reason.DependencyFailed, saved.reason());
        assertEquals(Outcome.TRANSIENT, saved.outcome());
        assertEquals(Optional.of(desired.headCommit()), saved.revisions().lastAttempted());
        assertConditions(saved, false, false, false);
    }

    @Test
    void endsWithInternalErrorAndRethrowsABug() {
        registry.withApprovedVersions(1);
        IllegalStateException bug = new IllegalStateException("index out of range");
        endpoints.failNext(bug);

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> reconcile(request()));

        assertSame(bug, thrown);
        EnvironmentStatus saved = statuses.get(STAGING);
        assertEquals(Reason.InternalError, saved.reason());
        assertEquals(Outcome.INTERNAL, saved.outcome());
        assertTrue(saved.message().contains("index out of range"), saved.message());
    }

    @Test
    void savesTheStatusWhenAPortThrowsAfterTheUpdateStarted() {
        registry.withApprovedVersions(1);
        sleeper = d -> {
            clock.advance(d);
            endpoints.failNext(new UnavailableException("cannot describe endpoint: throttled"));
        };

        assertThrows(UnavailableException.class, () -> reconcile(request()));

        assertEquals(Reason.DependencyFailed, statuses.get(STAGING).reason(), "not the Progressing saved mid-way");
    }

    @Test
    void aFailedStatusSaveNeverHidesTheErrorThatEndedTheReconcile() {
        registry.withApprovedVersions(1);
        UnavailableException down = new UnavailableException("cannot reach the model registry");
        registry.failNext(down);
        WorkFailedException diskFull = new WorkFailedException("cannot save status of environment staging: disk full");
        statuses.failNextSave(diskFull);

        UnavailableException thrown = assertThrows(UnavailableException.class, () -> reconcile(request()));

        assertSame(down, thrown);
        assertEquals(List.of(diskFull), List.of(thrown.getSuppressed()));
    }

    @Test
    void aFailedStatusSaveNeverHidesAnErrorThatEndedTheReconcile() {
        registry.withApprovedVersions(1);
        StackOverflowError overflow = new StackOverflowError("deep recursion in a port");
        endpoints.failNext(overflow);
        WorkFailedException diskFull = new WorkFailedException("cannot save status of environment staging: disk full");
        statuses.failNextSave(diskFull);

        StackOverflowError thrown = assertThrows(StackOverflowError.class, () -> reconcile(request()));

        assertSame(overflow, thrown);
        assertEquals(List.of(diskFull), List.of(thrown.getSuppressed()));
    }

    @Test
    void aFailedStatusSaveFailsAReconcileThatOtherwiseSucceeded() {
        desired.change(change(Optional.empty()));
        WorkFailedException diskFull = new WorkFailedException("cannot save status of environment staging: disk full");
        statuses.failNextSave(diskFull);

        assertSame(diskFull, assertThrows(WorkFailedException.class, () -> reconcile(request())));
    }

    @Test
    void recordsNoStatusForAnUnknownEnvironment() {
        assertThrows(UnknownEnvironmentException.class,
                () -> reconcile(new ReconcileRequest("qa", Duration.ofMinutes(1), Duration.ofSeconds(1), true)));

        assertEquals(List.of(), statuses.saves());
    }

    // --- revisions and conditions ------------------------------------------------------------------

    @Test
    void advancesLastAppliedOnlyOnSuccessWhileLastAttemptedAlwaysAdvances() {
        registry.withApprovedVersions(1);
        registry.register(FakeModelRegistry.pending());
        reconcile(request());
        String first = desired.headCommit();
        desired.change(change(Optional.of(2)));

        EnvironmentStatus stalled = reconcile(request()).status();

        assertEquals(Reason.NotApproved, stalled.reason());
        assertEquals(Optional.of(desired.headCommit()), stalled.revisions().lastAttempted());
        assertEquals(Optional.of(first), stalled.revisions().lastApplied());

        registry.decide(2, ApprovalStatus.Approved, "alice", "");
        EnvironmentStatus applied = reconcile(request()).status();

        assertEquals(Optional.of(desired.headCommit()), applied.revisions().lastApplied());
        assertEquals(applied.revisions().lastAttempted(), applied.revisions().lastApplied());
    }

    @Test
    void keepsEachConditionsTransitionTimeWhileItsStatusStaysTheSame() {
        registry.withApprovedVersions(1);
        registry.register(FakeModelRegistry.pending());
        reconcile(request());
        Instant readySince = condition(statuses.get(STAGING), ConditionType.Ready).lastTransitionTime();
        clock.advance(Duration.ofHours(1));

        reconcile(request());

        EnvironmentStatus again = statuses.get(STAGING);
        assertEquals(readySince, condition(again, ConditionType.Ready).lastTransitionTime());
        assertEquals(T0, condition(again, ConditionType.Stalled).lastTransitionTime(), "False since the first reconcile");
        assertEquals(clock.instant(), again.updatedAt());

        clock.advance(Duration.ofHours(1));
        Instant stalledAt = clock.instant();
        desired.change(change(Optional.of(2)));
        reconcile(request());

        EnvironmentStatus stalled = statuses.get(STAGING);
        assertEquals(stalledAt, condition(stalled, ConditionType.Ready).lastTransitionTime());
        assertEquals(stalledAt, condition(stalled, ConditionType.Stalled).lastTransitionTime());
        assertEquals(T0, condition(stalled, ConditionType.Reconciling).lastTransitionTime(), "still False");
    }

    @Test
    void conditionsCarryTheirPolarityAndTheEndingsReason() {
        registry.register(FakeModelRegistry.pending());

        EnvironmentStatus status = reconcile(request()).status();

        assertEquals(ConditionType.Polarity.POSITIVE, ConditionType.Ready.polarity());
        assertEquals(ConditionType.Polarity.NEGATIVE, ConditionType.Reconciling.polarity());
        assertEquals(ConditionType.Polarity.NEGATIVE, ConditionType.Stalled.polarity());
        for (Condition c : status.conditions()) {
            assertEquals(Reason.NotApproved, c.reason(), c.type().name());
        }
        assertEquals(status.message(), condition(status, ConditionType.Stalled).message());
        Map<String, Object> ready = conditionMap(status, "Ready");
        assertEquals("False", ready.get("status"));
        assertEquals("positive", ready.get("polarity"));
        assertEquals("negative", conditionMap(status, "Stalled").get("polarity"));
    }

    @Test
    void everyReasonHasTheOutcomeThatDecidesWhatHappensNext() {
        for (Reason reason : Reason.values()) {
            Outcome outcome = reason.outcome();
            long holding = List.of(ConditionType.values()).stream().filter(t -> t.holdsAfter(outcome)).count();
            boolean expected = outcome == Outcome.SUCCEEDED || outcome == Outcome.WAITING || outcome == Outcome.STALLED;
            assertEquals(expected ? 1 : 0, holding, reason.name());
        }
        assertEquals(Reason.InternalError, Reason.of(new IllegalStateException("bug")));
        assertEquals(Reason.DependencyFailed, Reason.of(new UnavailableException("down")));
        assertEquals(Reason.ReconciliationFailed, Reason.of(new InputException("bad")));
        assertEquals(Reason.ReconciliationFailed, Reason.of(new WorkFailedException("refused")));
    }

    // --- the request -------------------------------------------------------------------------------

    @Test
    void refusesAZeroOrNegativePollInterval() {
        InputException zero = assertThrows(InputException.class,
                () -> new ReconcileRequest(STAGING, Duration.ofMinutes(1), Duration.ZERO, true));
        assertTrue(zero.getMessage().contains("--poll"), zero.getMessage());
        assertThrows(InputException.class,
                () -> new ReconcileRequest(STAGING, Duration.ofMinutes(1), Duration.ofMillis(-1), true));
    }

    @Test
    void refusesANegativeTimeoutButAcceptsZero() {
        InputException negative = assertThrows(InputException.class,
                () -> new ReconcileRequest(STAGING, Duration.ofSeconds(-1), Duration.ofSeconds(1), true));
        assertTrue(negative.getMessage().contains("--timeout"), negative.getMessage());
        assertEquals(Duration.ZERO, new ReconcileRequest(STAGING, Duration.ZERO, Duration.ofSeconds(1), true).timeout());
    }

    // --- helpers -----------------------------------------------------------------------------------

    private ReconcileResult reconcile(ReconcileRequest request) {
        return new Reconciler(new Reconciler.Ports(desired, registry, endpoints, statuses, SmokeVerdicts.NONE), clock,
                d -> sleeper.sleep(d)).reconcile(request);
    }

    private static ReconcileRequest request() {
        return new ReconcileRequest(STAGING, Duration.ofMinutes(1), Duration.ofSeconds(1), true);
    }

    private static String endpoint() {
        return Environments.endpoint(STAGING);
    }

    private static ChangeRequest change(Optional<Integer> version) {
        return new ChangeRequest(STAGING, version.map(FakeModelRegistry::ref), "alice", "test", Map.of());
    }

    /** The config staging's desired state maps {@code version} to. */
    private EndpointConfig config(int version) {
        return config(version, 1);
    }

    /** The same, with {@code instances} instances: another config of the same version. */
    private EndpointConfig config(int version, int instances) {
        ModelPackage p = registry.describe(ref(version));
        EndpointConfig c = EndpointConfigs.of(desired.read(STAGING).spec(), p);
        return new EndpointConfig(c.endpointName(), c.env(), c.model(), c.instanceType(), instances,
                c.dataCapturePercent(), c.policy());
    }

    private static void assertConditions(EnvironmentStatus status, boolean ready, boolean reconciling, boolean stalled) {
        assertEquals(ready, condition(status, ConditionType.Ready).status(), "Ready of " + status.reason());
        assertEquals(reconciling, condition(status, ConditionType.Reconciling).status(), "Reconciling of " + status.reason());
        assertEquals(stalled, condition(status, ConditionType.Stalled).status(), "Stalled of " + status.reason());
        assertEquals(3, status.conditions().size());
    }

    private static Condition condition(EnvironmentStatus status, ConditionType type) {
        return status.conditions().stream().filter(c -> c.type() == type).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> conditionMap(EnvironmentStatus status, String type) {
        return ((List<Map<String, Object>>) status.toMap().get("conditions")).stream()
                .filter(c -> c.get("type").equals(type)).findFirst().orElseThrow();
    }
}
