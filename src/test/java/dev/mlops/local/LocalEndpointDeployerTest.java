package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import dev.mlops.deploy.DeploymentPolicy;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.deploy.ModelRef;
import dev.mlops.server.ConfigRequest;
import dev.mlops.server.EndpointFiles;
import dev.mlops.server.EndpointStatusFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a reconciler sees through the local deployer. The serving process's side is played by
 * writing its status file, so each answer it might give is tested on its own.
 */
class LocalEndpointDeployerTest {
    private static final String ENDPOINT = "shop-staging";
    @TempDir
    Path stateDir;
    TestClock clock;
    LocalEndpointDeployer deployer;
    EndpointFiles files;

    @BeforeEach
    void setUp() {
        clock = new TestClock(Instant.parse("2025-01-02T03:04:05Z"));
        deployer = new LocalEndpointDeployer(stateDir, clock);
        files = new EndpointFiles(stateDir);
    }

    @Test
    void anEndpointNeverAppliedIsNotThere() {
        assertEquals(Optional.empty(), deployer.describe(ENDPOINT));
        assertEquals(List.of(), deployer.list());
    }

    @Test
    void aNewRequestReadsCreatingUntilTheServingProcessAnswers() {
        EndpointConfig v1 = config(1);
        deployer.apply(v1);
        EndpointDescription pending = deployer.describe(ENDPOINT).orElseThrow();
        assertEquals(EndpointStatus.Creating, pending.status());
        assertEquals(Optional.of(v1.configName()), pending.requestedConfigName());
        assertEquals(Optional.empty(), pending.liveConfigName());
        assertEquals(clock.instant(), pending.lastModified());
        assertFalse(pending.serves(v1.configName()) || pending.gaveUp(v1.configName()));

        answer(EndpointStatus.InService, Optional.of(v1), Optional.empty());
        EndpointDescription live = deployer.describe(ENDPOINT).orElseThrow();
        assertTrue(live.serves(v1.configName()));
        assertEquals(Optional.of(1), live.liveVersion());
    }

    @Test
    void anUpdateReadsUpdatingOnTheOldConfigEvenThoughTheLastStatusSaysInService() {
        EndpointConfig v1 = config(1);
        deployer.apply(v1);
        answer(EndpointStatus.InService, Optional.of(v1), Optional.empty());
        EndpointConfig v2 = config(2);
        deployer.apply(v2);
        EndpointDescription updating = deployer.describe(ENDPOINT).orElseThrow();
        assertEquals(EndpointStatus.Updating, updating.status());
        assertEquals(Optional.of(v1.configName()), updating.liveConfigName());
        assertEquals(Optional.of(v2.configName()), updating.requestedConfigName());
        assertFalse(updating.serves(v2.configName()) || updating.gaveUp(v2.configName()));
    }

    @Test
    void aRolledBackUpdateIsInServiceOnTheOldConfigAndGaveUp() {
        EndpointConfig v1 = config(1);
        deployer.apply(v1);
        answer(EndpointStatus.InService, Optional.of(v1), Optional.empty());
        EndpointConfig v2 = config(2);
        deployer.apply(v2);
        answer(EndpointStatus.InService, Optional.of(v1), Optional.of("cannot load model package: corrupt"));
        EndpointDescription after = deployer.describe(ENDPOINT).orElseThrow();
        assertEquals(EndpointStatus.InService, after.status());
        assertFalse(after.serves(v2.configName()), "InService alone is not success");
        assertTrue(after.gaveUp(v2.configName()));
        assertEquals(Optional.of("cannot load model package: corrupt"), after.failureReason());
    }

    @Test
    void applyingTheRequestedConfigAgainChangesNothing() throws Exception {
        EndpointConfig v1 = config(1);
        deployer.apply(v1);
        String before = Files.readString(files.requestFile(ENDPOINT));
        clock.advance(Duration.ofMinutes(5));
        deployer.apply(config(1));
        assertEquals(before, Files.readString(files.requestFile(ENDPOINT)));
        answer(EndpointStatus.InService, Optional.of(v1), Optional.empty());
        deployer.apply(config(1));
        assertTrue(deployer.describe(ENDPOINT).orElseThrow().serves(v1.configName()));
    }

    @Test
    void applyingAConfigThatGaveUpRequestsItAgain() {
        EndpointConfig v1 = config(1);
        deployer.apply(v1);
        answer(EndpointStatus.Failed, Optional.empty(), Optional.of("cannot load"));
        assertTrue(deployer.describe(ENDPOINT).orElseThrow().gaveUp(v1.configName()));
        long before = files.readRequest(ENDPOINT).orElseThrow().generation();
        deployer.apply(v1);
        assertEquals(before + 1, files.readRequest(ENDPOINT).orElseThrow().generation());
        assertEquals(EndpointStatus.Creating, deployer.describe(ENDPOINT).orElseThrow().status());
    }

    @Test
    void keepsEveryRequestedConfigSoARestartCanGoBack() {
        EndpointConfig v1 = config(1);
        EndpointConfig v2 = config(2);
        deployer.apply(v1);
        deployer.apply(v2);
        assertEquals(Optional.of(v1), files.readHistory(ENDPOINT, v1.configName()));
        assertEquals(Optional.of(v2), files.readHistory(ENDPOINT, v2.configName()));
        assertEquals(v2, files.readRequest(ENDPOINT).orElseThrow().config());
    }

    @Test
    void refusesAPackageWithoutTheInferencePipelineArtifacts() {
        ModelRef noFeaturizer = new ModelRef("shop", 3, "arn:x", Map.of(ModelRef.MODEL, "s3://b/model.json"));
        InputException e = assertThrows(InputException.class, () -> deployer.apply(new EndpointConfig(ENDPOINT,
                "staging", noFeaturizer, "ml.m5.large", 1, 100, DeploymentPolicy.allAtOnce())));
        assertTrue(e.getMessage().contains("no 'featurizer' artifact"), e.getMessage());
        assertEquals(Optional.empty(), deployer.describe(ENDPOINT));
    }

    @Test
    void namesTheFileWhenARequestIsUnreadable() throws Exception {
        deployer.apply(config(1));
        Files.writeString(files.requestFile(ENDPOINT), "{\"generation\": 1");
        InputException e = assertThrows(InputException.class, () -> deployer.describe(ENDPOINT));
        assertTrue(e.getMessage().contains(files.requestFile(ENDPOINT).toString()), e.getMessage());
    }

    @Test
    void listsEveryEndpointByName() {
        deployer.apply(config(1));
        deployer.apply(new EndpointConfig("shop-prod", "prod", model(1), "ml.m5.large", 1, 80, DeploymentPolicy.allAtOnce()));
        assertEquals(List.of("shop-prod", ENDPOINT), deployer.list().stream().map(EndpointDescription::endpointName).toList());
    }

    private void answer(EndpointStatus status, Optional<EndpointConfig> live, Optional<String> failure) {
        ConfigRequest request = files.readRequest(ENDPOINT).orElseThrow();
        files.writeStatus(ENDPOINT, new EndpointStatusFile(status, live.map(EndpointConfig::configName),
                live.map(c -> c.model().version()), Optional.of(request.key()), live.map(EndpointConfig::configName),
                failure, clock.instant()));
    }

    private static EndpointConfig config(int version) {
        return new EndpointConfig(ENDPOINT, "staging", model(version), "ml.m5.large", 1, 100, DeploymentPolicy.allAtOnce());
    }

    private static ModelRef model(int version) {
        return new ModelRef("shop", version, "arn:aws:sagemaker:local:000000000000:model-package/shop/" + version,
                Map.of(ModelRef.FEATURIZER, "s3://mlops-local/shop/" + version + "/featurizer.json",
                        ModelRef.MODEL, "s3://mlops-local/shop/" + version + "/model.json"));
    }
}
