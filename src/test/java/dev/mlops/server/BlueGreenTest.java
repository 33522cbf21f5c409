package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.deploy.DeploymentPolicy;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.deploy.ModelRef;
import dev.mlops.local.LocalEndpointDeployer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Updates of a live endpoint: a new version takes traffic only once loaded and healthy; a bad one never does. */
class BlueGreenTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENDPOINT = "bluegreen-prod";
    @TempDir
    Path stateDir;
    TestModels models;
    LocalEndpointDeployer deployer;
    ServingServer server;
    final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() {
        models = new TestModels(stateDir);
        deployer = new LocalEndpointDeployer(stateDir, Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void switchesToTheNewVersionOnceItIsLoaded() throws Exception {
        ModelRef v1 = models.train("v1", 5);
        ModelRef v2 = models.train("v2", 20);
        EndpointConfig first = deploy(v1);
        start();
        EndpointConfig second = deploy(v2);
        EndpointDescription live = Awaits.endpoint(deployer, ENDPOINT, d -> d.serves(second.configName()), "serving v2");
        assertEquals(Optional.of(v2.version()), live.liveVersion());
        assertEquals(Optional.empty(), live.failureReason());
        assertServes(v2);
        int loading = indexOf("loading " + second.configName());
        assertTrue(loading >= 0 && loading < indexOf("InService on " + second.configName()), log.toString());
        assertFalse(first.configName().equals(second.configName()));
    }

    @Test
    void corruptNewModelLeavesTheOldOneServingAndSaysWhy() throws Exception {
        ModelRef v1 = models.train("v1", 5);
        ModelRef bad = models.train("bad", 20);
        models.corrupt(bad, ModelRef.MODEL);
        EndpointConfig good = deploy(v1);
        start();
        EndpointConfig broken = deploy(bad);
        EndpointDescription after = Awaits.endpoint(deployer, ENDPOINT, d -> d.gaveUp(broken.configName()), "rolled back");
        assertEquals(EndpointStatus.InService, after.status());
        assertEquals(Optional.of(good.configName()), after.liveConfigName());
        assertEquals(Optional.of(v1.version()), after.liveVersion());
        String reason = after.failureReason().orElseThrow();
        assertTrue(reason.contains("cannot load model package " + bad) && reason.contains(broken.configName()), reason);
        assertFalse(after.serves(broken.configName()));
        assertServes(v1);
    }

    @Test
    void missingArtifactLeavesTheOldOneServing() throws Exception {
        ModelRef v1 = models.train("v1", 5);
        ModelRef missing = models.register(Map.of(ModelRef.FEATURIZER, "s3://mlops-local/nowhere/featurizer.json",
                ModelRef.MODEL, "s3://mlops-local/nowhere/model.json"));
        deploy(v1);
        start();
        EndpointConfig broken = deploy(missing);
        EndpointDescription after = Awaits.endpoint(deployer, ENDPOINT, d -> d.gaveUp(broken.configName()), "rolled back");
        assertTrue(after.failureReason().orElseThrow().contains("s3://mlops-local/nowhere/featurizer.json"),
                after.failureReason().toString());
        assertServes(v1);
    }

    @Test
    void aFirstConfigThatFailsLeavesTheEndpointFailedAndUnavailable() throws Exception {
        ModelRef bad = models.train("bad", 5);
        models.corrupt(bad, ModelRef.FEATURIZER);
        EndpointConfig broken = deploy(bad);
        start();
        EndpointDescription after = Awaits.endpoint(deployer, ENDPOINT, d -> d.gaveUp(broken.configName()), "failed");
        assertEquals(EndpointStatus.Failed, after.status());
        assertEquals(Optional.empty(), after.liveConfigName());
        HttpResponse<String> response = invoke(TestModels.WORKSHOP_RECORD);
        assertEquals(503, response.statusCode());
        assertTrue(response.body().contains("Failed"), response.body());
    }

    @Test
    void requestsDuringUpdatesKeepSucceeding() throws Exception {
        ModelRef v1 = models.train("v1", 5);
        ModelRef v2 = models.train("v2", 20);
        deploy(v1);
        start();
        Set<String> versionsSeen = ConcurrentHashMap.newKeySet();
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = List.of(new Thread(() -> hammer(running, versionsSeen, failures, answered)),
                new Thread(() -> hammer(running, versionsSeen, failures, answered)));
        clients.forEach(Thread::start);
        EndpointConfig last = null;
        for (int round = 0; round < 3; round++) {
            for (ModelRef version : List.of(v2, v1)) {
                EndpointConfig config = deploy(version);
                Awaits.endpoint(deployer, ENDPOINT, d -> d.serves(config.configName()), "serving " + version);
                last = config;
            }
        }
        running.set(false);
        for (Thread client : clients) {
            client.join();
        }
        assertEquals(0, failures.get(), "failed requests during updates");
        assertTrue(answered.get() > 0);
        assertTrue(Set.of(String.valueOf(v1.version()), String.valueOf(v2.version())).containsAll(versionsSeen),
                versionsSeen.toString());
        assertEquals(v1.version(), last.model().version());
        assertServes(v1);
    }

    @Test
    void keepsTheOldVersionLoadedWhileBakingThenCommits() throws Exception {
        ModelRef v1 = models.train("v1", 5);
        ModelRef v2 = models.train("v2", 20);
        deploy(v1);
        start();
        EndpointConfig baked = new EndpointConfig(ENDPOINT, "prod", v2, "ml.m5.large", 1, 0,
                new DeploymentPolicy(DeploymentPolicy.ALL_AT_ONCE, 3, Optional.empty(), List.of()));
        deployer.apply(baked);
        EndpointDescription baking = Awaits.endpoint(deployer, ENDPOINT,
                d -> d.status() == EndpointStatus.Updating && d.liveConfigName().equals(Optional.of(baked.configName())),
                "baking with v2 taking traffic");
        assertFalse(baking.serves(baked.configName()), "not done while baking");
        assertFalse(baking.gaveUp(baked.configName()));
        Awaits.endpoint(deployer, ENDPOINT, d -> d.serves(baked.configName()), "serving v2 after the bake");
        assertServes(v2);
    }

    private void hammer(AtomicBoolean running, Set<String> versionsSeen, AtomicInteger failures, AtomicInteger answered) {
        while (running.get()) {
            HttpResponse<String> response = invoke(TestModels.WORKSHOP_RECORD);
            if (response.statusCode() == 200) {
                versionsSeen.add(response.headers().firstValue("X-Amzn-Invoked-Production-Variant")
                        .flatMap(EndpointConfig::versionOfVariant).map(String::valueOf).orElse("?"));
                answered.incrementAndGet();
            } else {
                failures.incrementAndGet();
            }
        }
    }

    private EndpointConfig deploy(ModelRef model) {
        EndpointConfig config = TestModels.config(ENDPOINT, "prod", model, 0);
        deployer.apply(config);
        return config;
    }

    private void start() {
        server = ServingServer.start(ServingOptions.defaults(stateDir).withPollInterval(java.time.Duration.ofMillis(50))
                .withLog(log::add));
    }

    private void assertServes(ModelRef model) throws Exception {
        HttpResponse<String> response = invoke(TestModels.WORKSHOP_RECORD);
        assertEquals(200, response.statusCode(), response.body());
        String variant = response.headers().firstValue("X-Amzn-Invoked-Production-Variant").orElseThrow();
        assertEquals(Optional.of(model.version()), EndpointConfig.versionOfVariant(variant), variant);
        double score = JSON.readTree(response.body()).at("/predictions/0/score").asDouble();
        assertEquals(models.expectedScores(model, List.of(TestModels.WORKSHOP_RECORD))[0], score, 1e-12);
    }

    private HttpResponse<String> invoke(String body) {
        return Http.post(server.baseUri().resolve("/endpoints/" + ENDPOINT + "/invocations"), "text/csv", null, body);
    }

    private int indexOf(String fragment) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(fragment)) {
                return i;
            }
        }
        return -1;
    }
}
