package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.NewModelPackage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing process with SIGKILL at random moments and checks that the registry file is
 * intact, consistent, and still holds every write the process reported as committed. The parent
 * registers into the same group meanwhile, so versions are also contended across processes.
 */
class SqliteModelRegistryCrashTest {
    private static final int ROUNDS = 5;

    @TempDir
    Path dir;

    /** Only a guard against a hung child; not a speed expectation. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void survivesKillNineMidWrite() throws Exception {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Path db = dir.resolve(SqliteModelRegistry.FILE_NAME);
        Set<ModelPackageRef> byChild = new HashSet<>();
        Set<ModelPackageRef> byParent = new HashSet<>();
        for (int round = 1; round <= ROUNDS; round++) {
            String context = "round " + round + " (seed " + seed + ")";
            Path stderr = dir.resolve("churn-" + round + ".stderr");
            Process child = startChurn(db, random.nextLong(), stderr);
            try (SqliteModelRegistry parent = new SqliteModelRegistry(db, Clock.systemUTC())) {
                int writes = 20 + random.nextInt(200);
                readCommits(child, writes, byChild, () -> byParent.add(parent.register(
                        NewModelPackage.pending(RegistryChurn.GROUPS.get(0), Map.of(), Map.of(), "parent")).ref()),
                        stderr);
                // Let the child run on a little so the kill lands at a random point of some later write.
                Thread.sleep(random.nextInt(30));
                assertTrue(child.isAlive(), context + ": the child died by itself: " + Files.readString(stderr));
            } finally {
                child.destroyForcibly();
                child.waitFor();
            }
            assertSurvived(db, byChild, byParent, context);
        }
    }

    private static void assertSurvived(Path db, Set<ModelPackageRef> byChild, Set<ModelPackageRef> byParent,
            String context) throws Exception {
        RegistryChecks.assertIntact(db, context);
        try (SqliteModelRegistry registry = new SqliteModelRegistry(db, Clock.systemUTC())) {
            RegistryChecks.assertConsistent(registry, context);
            for (ModelPackageRef ref : byChild) {
                assertTrue(registry.find(ref).isPresent(), context + ": committed " + ref + " was lost");
            }
            for (ModelPackageRef ref : byParent) {
                assertFalse(byChild.contains(ref), context + ": both processes got " + ref);
                assertEquals("parent", registry.describe(ref).history().get(0).by(), context + ": " + ref);
            }
        }
    }

    private static Process startChurn(Path db, long seed, Path stderr) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RegistryChurn.class.getName(), db.toString(), Long.toString(seed))
                .redirectError(stderr.toFile())
                .start();
    }

    /**
     * Reads the child's report of committed writes until {@code writes} lines came, remembering the
     * registrations, and writes once from this process every tenth line.
     */
    private static void readCommits(Process child, int writes, Set<ModelPackageRef> registered, Runnable parentWrite,
            Path stderr) throws IOException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        for (int i = 1; i <= writes; i++) {
            String line = lines.readLine();
            assertNotNull(line, "the child stopped after " + i + " writes: " + Files.readString(stderr));
            List<String> words = List.of(line.split(" "));
            if (words.get(0).equals("registered")) {
                registered.add(ModelPackageRef.parse(words.get(1)));
            }
            if (i % 10 == 0) {
                parentWrite.run();
            }
        }
    }
}
