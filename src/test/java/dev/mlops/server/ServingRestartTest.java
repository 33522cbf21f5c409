package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.deploy.DeploymentPolicy;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.deploy.ModelRef;
import dev.mlops.local.LocalEndpointDeployer;
import dev.mlops.server.ConfigRequest;
import dev.mlops.server.EndpointFiles;
import dev.mlops.server.EndpointStatusFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serving process comes back after a restart, even after kill -9 in the middle of an update, on
 * a consistent version: fully old or fully new, with a status that says what it really serves.
 */
class ServingRestartTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENDPOINT = "restart-prod";
    @TempDir
    Path stateDir;
    TestModels models;
    LocalEndpointDeployer deployer;
    EndpointFiles files;
    ModelRef v1;
    ModelRef v2;

    @BeforeEach
    void setUp() {
        models = new TestModels(stateDir);
        deployer = new LocalEndpointDeployer(stateDir, Clock.systemUTC());
        files = new EndpointFiles(stateDir);
        v1 = models.train("v1", 5);
        v2 = models.train("v2", 20);
    }

    @Test
    void comesBackOnTheSameVersionAfterARestart() throws Exception {
        EndpointConfig config = apply(v1, 0);
        try (ServingServer first = start()) {
            settle();
            assertConsistent(first.baseUri(), Optional.of(config));
        }
        try (ServingServer second = start()) {
            assertConsistent(second.baseUri(), Optional.of(config));
        }
    }

    @Test
    void fallsBackToTheLastGoodConfigWhenTheDesiredOneFailsAtStart() throws Exception {
        EndpointConfig good = apply(v1, 0);
        try (ServingServer first = start()) {
            settle();
        }
        ModelRef broken = models.train("broken", 20);
        models.corrupt(broken, ModelRef.MODEL);
        EndpointConfig bad = apply(broken, 0);
        try (ServingServer second = start()) {
            EndpointDescription after = settle();
            assertTrue(after.gaveUp(bad.configName()), after.toString());
            assertTrue(after.failureReason().orElseThrow().contains(bad.configName()), after.toString());
            assertTrue(after.serves(good.configName()), after.toString());
            assertConsistent(second.baseUri(), Optional.of(bad));
        }
    }

    /** Only a guard against a hung child; not a speed expectation. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void comesBackConsistentAfterKillNineMidUpdate() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        apply(v1, 0);
        Child child = Child.start(stateDir);
        settle();
        // 1: killed while the new version takes traffic and the old one is kept to roll back to.
        EndpointConfig baking = apply(v2, 30);
        awaitServingProcessReports(r -> r.status() == EndpointStatus.Updating
                && r.liveConfigName().equals(Optional.of(baking.configName())));
        child = restartAfterKill(child, "killed while baking (seed " + seed + ")");
        // 2 and 3: killed at a random moment after a request, once for a good and once for a broken version.
        ModelRef broken = models.train("broken", 10);
        models.corrupt(broken, ModelRef.FEATURIZER);
        for (ModelRef next : List.of(v1, broken)) {
            apply(next, 0);
            Thread.sleep(random.nextInt(200));
            child = restartAfterKill(child, "killed updating to " + next + " (seed " + seed + ")");
        }
        child.kill();
    }

    private Child restartAfterKill(Child child, String context) throws Exception {
        child.kill();
        Child restarted = Child.start(stateDir);
        settle();
        Optional<EndpointConfig> requested = files.readRequest(ENDPOINT).map(ConfigRequest::config);
        assertConsistent(restarted.baseUri(), requested, context);
        return restarted;
    }

    /** Waits until the endpoint is in service and its requested config either serves or gave up. */
    private EndpointDescription settle() {
        return Awaits.endpoint(deployer, ENDPOINT, d -> d.status() == EndpointStatus.InService || d.status() == EndpointStatus.Failed
                ? d.requestedConfigName().map(r -> d.serves(r) || d.gaveUp(r)).orElse(false) : false, "settled");
    }

    private void awaitServingProcessReports(Predicate<EndpointStatusFile> state) {
        Awaits.endpoint(deployer, ENDPOINT, d -> files.readStatus(ENDPOINT).filter(state).isPresent(), "status reported");
    }

    private void assertConsistent(URI base, Optional<EndpointConfig> requested) throws Exception {
        assertConsistent(base, requested, "");
    }

    /** What the status says serves is what answers, bit for bit, and it is one of the versions deployed. */
    private void assertConsistent(URI base, Optional<EndpointConfig> requested, String context) throws Exception {
        EndpointDescription status = deployer.describe(ENDPOINT).orElseThrow();
        assertEquals(EndpointStatus.InService, status.status(), context + ": " + status);
        assertEquals(requested.map(EndpointConfig::configName), status.requestedConfigName(), context);
        HttpResponse<String> response = Http.post(base.resolve("/endpoints/" + ENDPOINT + "/invocations"), "text/csv",
                null, TestModels.WORKSHOP_RECORD);
        assertEquals(200, response.statusCode(), context + ": " + response.body());
        String variant = response.headers().firstValue("X-Amzn-Invoked-Production-Variant").orElseThrow();
        assertTrue(status.liveConfigName().orElseThrow().endsWith("-" + variant), context + ": answered by " + variant);
        int version = status.liveVersion().orElseThrow();
        assertEquals(Optional.of(version), EndpointConfig.versionOfVariant(variant), context);
        ModelRef served = Map.of(v1.version(), v1, v2.version(), v2).get(version);
        assertNotNull(served, context + ": serves version " + version + ", which was never healthy");
        double score = JSON.readTree(response.body()).at("/predictions/0/score").asDouble();
        assertEquals(models.expectedScores(served, List.of(TestModels.WORKSHOP_RECORD))[0], score, 1e-12, context);
    }

    private EndpointConfig apply(ModelRef model, int waitSeconds) {
        EndpointConfig config = new EndpointConfig(ENDPOINT, "prod", model, "ml.m5.large", 1, 0,
                new DeploymentPolicy(DeploymentPolicy.ALL_AT_ONCE, waitSeconds, Optional.empty(), List.of()));
        deployer.apply(config);
        return config;
    }

    private ServingServer start() {
        return ServingServer.start(ServingOptions.defaults(stateDir).withPollInterval(java.time.Duration.ofMillis(50))
                .withLog(line -> { }));
    }

    /** A serving process in a child JVM, started with the test's own classpath. */
    private record Child(Process process, int port, Path stderr) {
        static Child start(Path stateDir) throws IOException {
            Path stderr = Files.createTempFile(stateDir, "serve-child", ".stderr");
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    ServeChild.class.getName(), stateDir.toString()).redirectError(stderr.toFile()).start();
            String line = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            assertNotNull(line, "the serving child did not start: " + Files.readString(stderr));
            return new Child(process, Integer.parseInt(line.substring("port ".length()).trim()), stderr);
        }

        URI baseUri() {
            return URI.create("http://127.0.0.1:" + port);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
