package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.local.LocalEndpointDeployer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark counts what it sends and what fails; its speed figures are not asserted (shared machines). */
class ApiBenchmarkTest {
    @TempDir
    Path stateDir;

    @Test
    void sendsEveryRequestAndCountsFailures() {
        TestModels models = new TestModels(stateDir);
        LocalEndpointDeployer deployer = new LocalEndpointDeployer(stateDir, Clock.systemUTC());
        deployer.apply(TestModels.config("bench-staging", "staging", models.train("bench", 10), 0));
        try (ServingServer server = ServingServer.start(ServingOptions.defaults(stateDir).withLog(line -> { }))) {
            Awaits.endpoint(deployer, "bench-staging", d -> d.status() == EndpointStatus.InService, "InService");
            ApiBenchmark.Result ok = ApiBenchmark.run(server.baseUri().resolve("/api/staging/predict"), 2, 40);
            assertEquals(40, ok.requests());
            assertEquals(0, ok.errors());
            assertTrue(ok.throughputPerSecond() > 0 && ok.p50().compareTo(ok.p99()) <= 0, ok.toString());
            ApiBenchmark.Result missing = ApiBenchmark.run(server.baseUri().resolve("/api/qa/predict"), 1, 5);
            assertEquals(5, missing.errors());
        }
        assertThrows(InputException.class, () -> ApiBenchmark.run(URI.create("http://127.0.0.1:9/"), 4, 2));
    }

    /** The API route calls the invocations route on the same server; it must not take all its threads. */
    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void moreApiCallsThanRequestThreadsStillAllComplete() {
        TestModels models = new TestModels(stateDir);
        LocalEndpointDeployer deployer = new LocalEndpointDeployer(stateDir, Clock.systemUTC());
        deployer.apply(TestModels.config("busy-staging", "staging", models.train("busy", 5), 0));
        try (ServingServer server = ServingServer.start(ServingOptions.defaults(stateDir).withThreads(2)
                .withLog(line -> { }))) {
            Awaits.endpoint(deployer, "busy-staging", d -> d.status() == EndpointStatus.InService, "InService");
            ApiBenchmark.Result result = ApiBenchmark.run(server.baseUri().resolve("/api/staging/predict"), 8, 80);
            assertEquals(0, result.errors(), result.toString());
        }
    }

    @Test
    void percentilesUseTheNearestRank() {
        long[] sorted = new long[100];
        for (int i = 0; i < 100; i++) {
            sorted[i] = i + 1;
        }
        assertEquals(50, ApiBenchmark.percentile(sorted, 50));
        assertEquals(99, ApiBenchmark.percentile(sorted, 99));
        assertEquals(7, ApiBenchmark.percentile(new long[] {7}, 99));
    }
}
