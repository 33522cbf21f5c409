package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.aws.fake.Clients;
import dev.mlops.aws.fake.Endpoints;
import dev.mlops.aws.fake.StandInApis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * {@code mlops --backend aws promote} through the CLI against the fake SageMaker: prod serves
 * version 1, staging was reconciled with version 1 and then version 2, each environment has its API
 * stand-in in front of the real handler. Only a passing {@code smoke --env staging} through
 * staging's own API, answered by version 2, lets version 2 through; then reconcile moves prod's
 * endpoint to it.
 */
class AwsPromotionTest {
    private static final String V1 = AwsFakes.GROUP + "/1";
    private static final String V2 = AwsFakes.GROUP + "/2";
    private static final String PROD_ENDPOINT = "predictive-maintenance-prod";

    @TempDir
    Path dir;
    DeployFixture deploy;
    StandInApis apis;
    /** The endpoint config reconcile made for version 1 in staging. */
    String stagingV1Config;

    @BeforeEach
    void prodServesV1AndStagingV2() throws Exception {
        deploy = new DeployFixture(dir);
        apis = StandInApis.start(deploy.aws.sageMaker, "predictive-maintenance");
        deploy.withApis(apis).approvedPackages(2);
        assertReconciled(deploy.reconcileEnv("prod"), V1);
        stagingV1Config = (String) assertReconciled(deploy.reconcile(), V1).get("live_config");
        deploy.wantVersion(2);
        assertReconciled(deploy.reconcile(), V2);
    }

    @AfterEach
    void stop() {
        apis.close();
        deploy.close();
    }

    @Test
    void aPassingRunOfProdsApiIsNoEvidenceForStaging() {
        AwsFakes.Run run = smoke("--url", apis.prod.url().toString());
        assertPassed(run, V1);
        assertEquals(PROD_ENDPOINT, evidence(run).get("endpoint"));
        assertEquals(Boolean.FALSE, evidence(run).get("counts"));

        assertEquals(List.of("evidence-exists"), refusedBy(promote()));
    }

    @Test
    void aPassingDirectRunIsNoEvidence() {
        AwsFakes.Run run = smoke("--direct");
        assertPassed(run, V2);
        assertEquals(Boolean.FALSE, evidence(run).get("counts"));
        assertTrue(apis.staging.seen().isEmpty(), "the API was bypassed");

        assertEquals(List.of("evidence-exists"), refusedBy(promote()));
    }

    @Test
    void aPassingRunOfStagingsApiAnsweredByAnotherVersionIsRefused() {
        servedByHand(stagingV1Config);
        AwsFakes.Run run = smoke();
        assertPassed(run, V1);
        assertEquals(Boolean.TRUE, evidence(run).get("counts"), "staging's own API, its own suite");
        assertTrue(refusedBy(promote()).contains("evidence-version"));
        assertReconciled(deploy.reconcile(), V2); // the drift corrected: staging serves version 2 again

        AwsFakes.Run promote = promote();

        assertEquals(List.of("evidence-version"), refusedBy(promote));
        assertTrue(promote.out().contains("answered by " + V1 + ", not by " + V2), promote.out());
    }

    @Test
    void aPassingRunOfStagingsApiLetsTheVersionThroughAndReconcileDeploysItToProd() {
        AwsFakes.Run run = smoke();
        assertPassed(run, V2);
        assertEquals(Boolean.TRUE, evidence(run).get("counts"));
        int updates = deploy.aws.sageMaker.requests("UpdateEndpoint").size();

        AwsFakes.Run promote = promote();

        assertEquals(0, promote.exitCode(), promote.err() + promote.out());
        assertEquals(V2, deploy.status("prod").get("desired_version"));
        Map<String, Object> reconciled = assertReconciled(deploy.reconcileEnv("prod"), V2);
        assertEquals(updates + 1, deploy.aws.sageMaker.requests("UpdateEndpoint").size(), "one update, of prod");
        try (SageMakerClient sageMaker = Clients.sageMaker(deploy.aws.sageMaker.endpoint())) {
            assertEquals(reconciled.get("desired_config"),
                    sageMaker.describeEndpoint(b -> b.endpointName(PROD_ENDPOINT)).endpointConfigName());
        }
        Map<?, ?> prod = deploy.status("prod");
        assertEquals(List.of("Synced", "Healthy", V2), List.of(prod.get("sync"), prod.get("health"), prod.get("live_version")),
                prod.toString());
    }

    private AwsFakes.Run smoke(String... args) {
        List<String> command = new ArrayList<>(List.of("smoke", "--env", "staging", "--report-dir",
                dir.resolve("reports").toString()));
        command.addAll(List.of(args));
        return deploy.cli(command.toArray(String[]::new));
    }

    private AwsFakes.Run promote() {
        return deploy.cli("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
    }

    /** A person points staging's endpoint at {@code config} in the console. */
    private void servedByHand(String config) {
        try (SageMakerClient sageMaker = Clients.sageMaker(deploy.aws.sageMaker.endpoint())) {
            sageMaker.updateEndpoint(b -> b.endpointName(DeployFixture.ENDPOINT).endpointConfigName(config));
            Endpoints.awaitInService(sageMaker, DeployFixture.ENDPOINT);
        }
    }

    /** The rules a refused promotion names; it committed nothing, so prod still wants version 1. */
    private List<?> refusedBy(AwsFakes.Run promote) {
        assertEquals(1, promote.exitCode(), promote.err() + promote.out());
        Map<?, ?> error = (Map<?, ?>) promote.json().get("error");
        assertEquals(V1, deploy.status("prod").get("desired_version"), "a refused promotion commits nothing");
        return ((List<?>) error.get("refused_by")).stream().map(r -> ((Map<?, ?>) r).get("rule")).toList();
    }

    private static Map<String, Object> assertReconciled(AwsFakes.Run run, String version) {
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(version, run.json().get("live_version"), run.out());
        return run.json();
    }

    private static void assertPassed(AwsFakes.Run run, String answeredBy) {
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(Boolean.TRUE, run.json().get("passed"), run.out());
        assertEquals(answeredBy, run.json().get("version"), "the version the answers named: " + run.out());
    }

    private static Map<?, ?> evidence(AwsFakes.Run run) {
        return (Map<?, ?>) run.json().get("evidence");
    }
}
