package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.registry.ApprovalRequest;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.NewModelPackage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteModelRegistryConcurrencyTest {
    private static final int THREADS = 4;
    private static final int PER_THREAD = 20;

    @TempDir
    Path stateDir;

    @Test
    void twoConnectionsRegisteringAtOnceNeverShareAVersion() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try (SqliteModelRegistry first = SqliteModelRegistry.open(stateDir, Clock.systemUTC());
                SqliteModelRegistry second = SqliteModelRegistry.open(stateDir, Clock.systemUTC())) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Integer>>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                results.add(pool.submit(writer(t % 2 == 0 ? first : second, "own-" + t, start)));
            }
            start.countDown();
            List<Integer> versions = new ArrayList<>();
            for (Future<List<Integer>> result : results) {
                versions.addAll(result.get());
            }

            versions.sort(null);
            assertEquals(IntStream.rangeClosed(1, THREADS * PER_THREAD).boxed().toList(), versions);
            for (int t = 0; t < THREADS; t++) {
                assertEquals(PER_THREAD, second.list("own-" + t).size(), "group own-" + t);
            }
            RegistryChecks.assertConsistent(first, "after concurrent writes");
        } finally {
            pool.shutdownNow();
        }
        RegistryChecks.assertIntact(stateDir.resolve(SqliteModelRegistry.FILE_NAME), "after concurrent writes");
    }

    /** Registers into the shared group and its own one, approving as it goes, and returns the shared versions it got. */
    private static Callable<List<Integer>> writer(ModelRegistry registry, String ownGroup, CountDownLatch start) {
        return () -> {
            start.await();
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < PER_THREAD; i++) {
                ModelPackage shared = registry.register(NewModelPackage.pending("shared", Map.of("i", (double) i),
                        Map.of(), ownGroup));
                got.add(shared.version());
                registry.register(NewModelPackage.pending(ownGroup, Map.of(), Map.of(), ownGroup));
                registry.updateApproval(new ApprovalRequest(shared.ref(),
                        i % 2 == 0 ? ApprovalStatus.Approved : ApprovalStatus.Rejected, ownGroup, "thread test"));
            }
            return got;
        };
    }
}
