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
import dev.mlops.Outcome;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointConfigs;
import dev.mlops.fakes.Environments;
import dev.mlops.fakes.FakeDesiredStateStore;
import dev.mlops.fakes.FakeEndpointDeployer;
import dev.mlops.fakes.FakeModelRegistry;
import dev.mlops.fakes.FakeSmokeResults;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.HistoryEntry;
import dev.mlops.gitops.Trailers;
import dev.mlops.local.TestClock;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.smoke.SmokeRecord;
import dev.mlops.smoke.SmokeRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PromotionTest {
    private static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
    private final TestClock clock = new TestClock(T0);
    private final FakeDesiredStateStore desired = new FakeDesiredStateStore(clock, Map.of(
            "dev", Environments.plain("dev", Optional.empty()),
            STAGING, Environments.staging(Optional.empty()),
            PROD, Environments.prod(Optional.empty())));
    private final FakeModelRegistry registry = new FakeModelRegistry(clock);
    private final FakeEndpointDeployer endpoints = new FakeEndpointDeployer(clock);
    private final FakeSmokeResults smoke = new FakeSmokeResults();
    private final Promotion promotion = new Promotion(new Promotion.Ports(desired, registry, endpoints, smoke));

    @Test
    void promotesTheVersionStagingServesWithItsEvidenceInTheTrailers() {
        EndpointConfig staging = stagingServes(1);
        SmokeRecord evidence = passingEvidence(staging);
        String stagingCommit = desired.headCommit();

        PromotionResult result = promotion.promote(request(Optional.of("bob")));

        assertEquals(PROD, result.env());
        assertEquals(GROUP + "/1", result.version());
        assertEquals(Optional.empty(), result.previousVersion());
        assertEquals("promote", result.rule());
        assertTrue(result.commit().changed());
        assertEquals(Optional.of(ref(1)), desired.read(PROD).spec().modelPackage());
        HistoryEntry commit = desired.lastCommit();
        assertEquals(result.commit().commit(), commit.commit());
        assertEquals("bob", commit.author(), "the approver is the commit's author");
        assertEquals(Optional.of("promote"), commit.trailer(Trailers.CHANGE_KIND));
        assertEquals(Optional.of(registry.describe(ref(1)).arn()), commit.trailer(Trailers.MODEL_PACKAGE));
        assertEquals(Optional.of("staging@" + stagingCommit), commit.trailer(Trailers.PROMOTED_FROM));
        assertEquals(Optional.of("passed 10/10 at " + evidence.at()), commit.trailer(Trailers.SMOKE_RESULT));
        assertEquals(Optional.of(evidence.called().url()), commit.trailer(Trailers.SMOKE_URL));
        assertEquals(Optional.of(staging.variantName()), commit.trailer(Trailers.SMOKE_VARIANT));
        assertEquals(Optional.of(staging.configName()), commit.trailer(Trailers.SMOKE_ENDPOINT_CONFIG));
        assertEquals(Optional.of("bob"), commit.trailer(Trailers.APPROVED_BY));
        assertEquals(Optional.of("none"), commit.trailer(Trailers.PREVIOUS_VERSION));
    }

    @Test
    void promotingAgainChangesNothing() {
        passingEvidence(stagingServes(1));
        promotion.promote(request(Optional.of("bob")));
        int commits = desired.commitCount();

        PromotionResult again = promotion.promote(request(Optional.of("bob")));

        assertFalse(again.commit().changed());
        assertEquals(commits, desired.commitCount());
        assertTrue(again.message().contains("already wanted"), again.message());
    }

    @Test
    void refusesAPromotionAlongARouteTheTargetDoesNotTake() {
        passingEvidence(stagingServes(1));

        InputException error = assertThrows(InputException.class,
                () -> promotion.promote(new Promotion.Request("dev", PROD, Optional.of("bob"), "bob")));

        assertTrue(error.getMessage().contains("prod takes versions only from staging"), error.getMessage());
        assertEquals(Outcome.INPUT, error.outcome());
    }

    @Test
    void refusesWhenTheSourceWantsNoVersion() {
        ReleaseRefusedException refused = refused(request(Optional.of("bob")));

        assertEquals(List.of("source-wants-version"), rules(refused));
        assertEquals(Outcome.STALLED, refused.outcome());
    }

    @Test
    void refusesWhenTheSourceDoesNotServeTheVersionItWants() {
        registry.withApprovedVersions(1);
        wants(STAGING, 1);

        ReleaseRefusedException refused = refused(request(Optional.of("bob")));

        assertTrue(rules(refused).contains("source-serves-version"), rules(refused).toString());
    }

    @Test
    void refusesWhenTheSourcesDesiredVersionChangedSinceItWasTested() {
        passingEvidence(stagingServes(1));
        registry.withApprovedVersions(1);
        wants(STAGING, 2);

        ReleaseRefusedException refused = refused(request(Optional.of("bob")));

        assertTrue(rules(refused).contains("source-serves-version"), rules(refused).toString());
        assertEquals("promote", refused.details().get("action"));
        assertEquals(PROD, refused.details().get("env"));
        assertEquals(GROUP + "/2", refused.details().get("version"));
    }

    @Test
    void refusesAVersionThatIsNoLongerApproved() {
        passingEvidence(stagingServes(1));
        registry.decide(1, ApprovalStatus.Rejected, "carol", "leaks labels");

        ReleaseRefusedException refused = refused(request(Optional.of("bob")));

        assertTrue(rules(refused).contains("approved"), rules(refused).toString());
        assertTrue(refused.getMessage().contains("is Rejected, not Approved"), refused.getMessage());
    }

    @Test
    void refusesWithoutAnySmokeRun() {
        stagingServes(1);

        assertEquals(List.of("evidence-exists"), rules(refused(request(Optional.of("bob")))));
    }

    @Test
    void refusesEvidenceFromAnotherEnvironmentsApi() {
        EndpointConfig staging = stagingServes(1);
        smoke.record(SmokeRecords.elsewhere(STAGING, GROUP + "/1", staging.variantName(), true, clock.instant()));

        ReleaseRefusedException refused = refused(request(Optional.of("bob")));

        assertEquals(List.of("evidence-exists"), rules(refused));
    }

    @Test
    void refusesEvidenceFromAnotherSuite() {
        EndpointConfig staging = stagingServes(1);
        smoke.record(SmokeRecords.otherSuite(STAGING, GROUP + "/1", staging.variantName(), true, clock.instant()));

        assertEquals(List.of("evidence-exists"), rules(refused(request(Optional.of("bob")))));
    }

    @Test
    void aPassingRunElsewhereNeverShadowsAFailedRunOfTheOwnApi() {
        EndpointConfig staging = stagingServes(1);
        smoke.record(SmokeRecords.evidence(STAGING, GROUP + "/1", staging.variantName(), false, clock.instant()));
        clock.advance(Duration.ofMinutes(1));
        smoke.record(SmokeRecords.elsewhere(STAGING, GROUP + "/1", staging.variantName(), true, clock.instant()));

        ReleaseRefusedException refused = refused(request(Optional.of("bob")));

        assertTrue(rules(refused).contains("evidence-passed"), rules(refused).toString());
    }

    @Test
    void refusesARunAnsweredByAnotherVersion() {
        stagingServes(1);
        registry.withApprovedVersions(1);
        EndpointConfig other = config(STAGING, 2);
        smoke.record(SmokeRecords.evidence(STAGING, GROUP + "/2", other.variantName(), true, clock.instant()));

        ReleaseRefusedException refused = refused(request(Optional.of("bob")));

        assertEquals(List.of("evidence-version"), rules(refused));
        assertTrue(refused.getMessage().contains("answered by " + GROUP + "/2, not by " + GROUP + "/1"),
                refused.getMessage());
    }

    @Test
    void refusesARunNoVersionAnswered() {
        stagingServes(1);
        SmokeRecord nobody = SmokeRecords.evidence(STAGING, GROUP + "/1", "v1-00000000", true, clock.instant());
        smoke.record(new SmokeRecord(STAGING, nobody.called(), SmokeRecord.AnsweredBy.NOBODY, nobody.counts(),
                nobody.at(), nobody.reportPath()));

        assertEquals(List.of("evidence-version"), rules(refused(request(Optional.of("bob")))));
    }

    @Test
    void refusesEvidenceAnsweredByAnotherEnvironmentsEndpoint() {
        EndpointConfig staging = stagingServes(1);
        SmokeRecord run = SmokeRecords.evidence(STAGING, GROUP + "/1", staging.variantName(), true, clock.instant());
        smoke.record(new SmokeRecord(STAGING, run.called(), new SmokeRecord.AnsweredBy(run.answeredBy().variants(),
                Optional.of(Environments.endpoint(PROD)), run.answeredBy().endpointConfig(), run.answeredBy().version()),
                run.counts(), run.at(), run.reportPath()));

        ReleaseRefusedException refused = refused(request(Optional.of("bob")));

        assertEquals(List.of("evidence-endpoint"), rules(refused));
    }

    @Test
    void refusesEvidenceOfAConfigThatNoLongerServes() {
        stagingServes(1);
        smoke.record(SmokeRecords.evidence(STAGING, GROUP + "/1", "v1-0badc0de", true, clock.instant()));

        ReleaseRefusedException refused = refused(request(Optional.of("bob")));

        assertEquals(List.of("evidence-config"), rules(refused));
    }

    @Test
    void refusesAFailedSmokeRun() {
        EndpointConfig staging = stagingServes(1);
        smoke.record(SmokeRecords.evidence(STAGING, GROUP + "/1", staging.variantName(), false, clock.instant()));

        ReleaseRefusedException refused = refused(request(Optional.of("bob")));

        assertTrue(rules(refused).contains("evidence-passed"), rules(refused).toString());
        assertTrue(refused.getMessage().contains("failed 2 of 10"), refused.getMessage());
    }

    @Test
    void refusesWithoutANamedApproverWhenTheTargetRequiresOne() {
        passingEvidence(stagingServes(1));

        ReleaseRefusedException refused = refused(request(Optional.of("   ")));

        assertEquals(List.of("approver"), rules(refused));
        assertEquals(Optional.empty(), desired.read(PROD).spec().modelPackage());
    }

    @Test
    void promotesWithoutAnApproverWhenTheTargetDoesNotRequireOne() {
        desired.editByHand(PROD, Environments.prod(Optional.empty(), false), "dave", "no approver for this test");
        passingEvidence(stagingServes(1));

        PromotionResult result = promotion.promote(request(Optional.empty()));

        assertTrue(result.commit().changed());
        assertEquals("ci", desired.lastCommit().author());
        assertEquals(Optional.empty(), desired.lastCommit().trailer(Trailers.APPROVED_BY));
    }

    @Test
    void namesEveryRuleThatFailed() {
        stagingServes(1);

        ReleaseRefusedException refused = refused(request(Optional.empty()));

        assertEquals(List.of("evidence-exists", "approver"), rules(refused));
        assertEquals(2, ((List<?>) refused.details().get("refused_by")).size());
    }

    // --- helpers -----------------------------------------------------------------------------------

    private static Promotion.Request request(Optional<String> approvedBy) {
        return new Promotion.Request(STAGING, PROD, approvedBy, "ci");
    }

    private ReleaseRefusedException refused(Promotion.Request request) {
        int commits = desired.commitCount();
        ReleaseRefusedException refused = assertThrows(ReleaseRefusedException.class, () -> promotion.promote(request));
        assertEquals(commits, desired.commitCount(), "a refused promotion commits nothing");
        return refused;
    }

    private static List<String> rules(ReleaseRefusedException refused) {
        return refused.refusals().stream().map(Refusal::rule).toList();
    }

    /** Registers versions up to {@code version} (all Approved), makes staging want it, and its endpoint serve it. */
    private EndpointConfig stagingServes(int version) {
        while (registry.list(GROUP).size() < version) {
            registry.registerApproved("alice");
        }
        wants(STAGING, version);
        EndpointConfig config = config(STAGING, version);
        endpoints.serving(config);
        return config;
    }

    private SmokeRecord passingEvidence(EndpointConfig config) {
        clock.advance(Duration.ofMinutes(1));
        SmokeRecord run = SmokeRecords.evidence(config.env(), config.model().toString(), config.variantName(), true,
                clock.instant());
        smoke.record(run);
        return run;
    }

    private void wants(String env, int version) {
        desired.change(new ChangeRequest(env, Optional.of(ref(version)), "alice", "", Map.of()));
    }

    private EndpointConfig config(String env, int version) {
        return EndpointConfigs.of(desired.read(env).spec(), registry.describe(ref(version)));
    }
}
