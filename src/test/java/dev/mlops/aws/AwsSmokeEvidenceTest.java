package dev.mlops.aws;

import static dev.mlops.fakes.Environments.GROUP;
import static dev.mlops.fakes.Environments.PROD;
import static dev.mlops.fakes.Environments.STAGING;
import static dev.mlops.fakes.FakeModelRegistry.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.api.PredictFunction;
import dev.mlops.aws.fake.Clients;
import dev.mlops.aws.fake.Endpoints;
import dev.mlops.aws.fake.FakeApiGateway;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointConfigs;
import dev.mlops.fakes.Environments;
import dev.mlops.fakes.FakeDesiredStateStore;
import dev.mlops.fakes.FakeEndpointDeployer;
import dev.mlops.fakes.FakeModelRegistry;
import dev.mlops.fakes.FakeSmokeResults;
import dev.mlops.gitops.Trailers;
import dev.mlops.local.TestClock;
import dev.mlops.promote.Promotion;
import dev.mlops.promote.Refusal;
import dev.mlops.promote.ReleaseRefusedException;
import dev.mlops.smoke.EnvironmentApis;
import dev.mlops.smoke.EnvironmentSmoke;
import dev.mlops.smoke.SmokeRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * Promotion takes only a passing run of the exact version on staging's own API, with the records
 * real AWS smoke runs make: the smoke use case with the AWS backend's access (DescribeEndpoint,
 * InvokeEndpoint) against the fake SageMaker and API Gateway stand-ins, then the promotion rules.
 * The source's serving state comes from the in-memory deployer, so the records meet the rules
 * alone; {@link AwsPromotionTest} runs the same cases through {@code mlops --backend aws promote},
 * with the SageMaker endpoint deployer observing staging.
 */
class AwsSmokeEvidenceTest {
    private final TestClock clock = new TestClock(Instant.now());
    private final FakeModelRegistry registry = new FakeModelRegistry(clock);
    private final FakeEndpointDeployer deployer = new FakeEndpointDeployer(clock);
    private final FakeSmokeResults results = new FakeSmokeResults();
    @TempDir
    Path dir;
    private AwsFakes aws;
    private AwsBackend backend;
    private SageMakerClient sageMaker;
    private SageMakerRuntimeClient runtime;
    private FakeApiGateway stagingApi;
    private FakeApiGateway prodApi;
    private FakeDesiredStateStore desired;
    private EndpointConfig v1;

    @BeforeEach
    void start() {
        aws = AwsFakes.start(dir);
        backend = new AwsBackend(aws.settings(), new SageMakerDefinitionCompiler(), Timing.SYSTEM);
        sageMaker = Clients.sageMaker(aws.sageMaker.endpoint());
        runtime = Clients.runtime(aws.sageMaker.endpoint());
        stagingApi = new FakeApiGateway(STAGING, "/predict", new PredictFunction(Environments.endpoint(STAGING), runtime)).start();
        prodApi = new FakeApiGateway(PROD, "/predict", new PredictFunction(Environments.endpoint(PROD), runtime)).start();
        desired = new FakeDesiredStateStore(clock, Map.of(
                STAGING, Environments.staging(Optional.of(1)) + "api:\n  url: " + stagingApi.url() + "\n",
                PROD, Environments.prod(Optional.empty()) + "api:\n  url: " + prodApi.url() + "\n"));
        registry.withApprovedVersions(2);
        v1 = EndpointConfigs.of(desired.read(STAGING).spec(), registry.describe(ref(1)));
        deployer.serving(v1);
        Endpoints.serve(sageMaker, aws.sageMaker, Environments.endpoint(STAGING), v1.variantName());
        Endpoints.serve(sageMaker, aws.sageMaker, Environments.endpoint(PROD), v1.variantName());
    }

    @AfterEach
    void stop() {
        stagingApi.close();
        prodApi.close();
        runtime.close();
        sageMaker.close();
        backend.close();
        aws.close();
    }

    @Test
    void aPassingRunOfStagingsApiAnsweredByTheVersionLetsItThrough() {
        SmokeRecord run = smoke(Optional.empty(), false);
        assertEquals(Optional.of(v1.configName()), run.answeredBy().endpointConfig());

        promotion().promote(request());

        assertEquals(Optional.of(ref(1)), desired.read(PROD).spec().modelPackage());
        assertEquals(Optional.of(v1.variantName()), desired.lastCommit().trailer(Trailers.SMOKE_VARIANT));
        assertEquals(Optional.of(v1.configName()), desired.lastCommit().trailer(Trailers.SMOKE_ENDPOINT_CONFIG));
        assertEquals(Optional.of(stagingApi.url().toString()), desired.lastCommit().trailer(Trailers.SMOKE_URL));
    }

    @Test
    void aPassingRunAgainstProdsApiIsNoEvidenceForStaging() {
        SmokeRecord run = smoke(Optional.of(prodApi.url().toString()), false);
        assertTrue(run.passed() && run.answeredBy(GROUP + "/1"), "prod's API answers well, by the same version");

        assertEquals(List.of("evidence-exists"), refusedBy());
    }

    @Test
    void aPassingDirectRunIsNoEvidence() {
        SmokeRecord run = smoke(Optional.empty(), true);
        assertTrue(run.passed() && run.answeredBy(GROUP + "/1"), run.toString());

        assertEquals(List.of("evidence-exists"), refusedBy());
    }

    @Test
    void aPassingRunOfStagingsApiAnsweredByAnotherVersionIsRefused() {
        EndpointConfig v2 = EndpointConfigs.of(desired.read(STAGING).spec(), registry.describe(ref(2)));
        Endpoints.config(sageMaker, Environments.endpoint(STAGING), v2.variantName());
        sageMaker.updateEndpoint(b -> b.endpointName(Environments.endpoint(STAGING)).endpointConfigName(v2.configName()));
        Endpoints.awaitInService(sageMaker, Environments.endpoint(STAGING));

        SmokeRecord run = smoke(Optional.empty(), false);

        assertTrue(run.passed() && run.evidence() && run.answeredBy(GROUP + "/2"), run.toString());
        ReleaseRefusedException refused = assertThrows(ReleaseRefusedException.class, () -> promotion().promote(request()));
        assertEquals(List.of("evidence-version"), rules(refused));
        assertTrue(refused.getMessage().contains("answered by " + GROUP + "/2, not by " + GROUP + "/1"), refused.getMessage());
    }

    private SmokeRecord smoke(Optional<String> url, boolean direct) {
        clock.advance(Duration.ofMinutes(1));
        EnvironmentSmoke smoke = new EnvironmentSmoke(new EnvironmentSmoke.Ports(desired, backend.smokeAccess(), results,
                EnvironmentApis.CONFIGURED_ONLY, name -> Optional.empty()), clock);
        return smoke.run(new EnvironmentSmoke.Request(STAGING, url, Optional.empty(), dir.resolve("reports"), direct))
                .recorded();
    }

    private Promotion promotion() {
        return new Promotion(new Promotion.Ports(desired, registry, deployer, results));
    }

    private static Promotion.Request request() {
        return new Promotion.Request(STAGING, PROD, Optional.of("bob"), "ci");
    }

    private List<String> refusedBy() {
        int commits = desired.commitCount();
        ReleaseRefusedException refused = assertThrows(ReleaseRefusedException.class, () -> promotion().promote(request()));
        assertEquals(commits, desired.commitCount(), "a refused promotion commits nothing");
        return rules(refused);
    }

    private static List<String> rules(ReleaseRefusedException refused) {
        return refused.refusals().stream().map(Refusal::rule).toList();
    }
}
