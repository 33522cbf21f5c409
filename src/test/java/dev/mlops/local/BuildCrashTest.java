package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a child {@code mlops build} at named points (before the registration, right after it
 * committed, mid-training) and at a seeded random moment; after each, the same build run again
 * reports the one package of its commit, the dead execution reads Failed with its reason, and the
 * registry keeps its invariants. The seed is printed so that a failure replays.
 */
class BuildCrashTest {
    static final long SEED = 20_240_611L;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aRerunAfterKillNineReportsThePackageOfTheKilledBuildAndFailsTheDeadExecution() throws Exception {
        System.out.println("BuildCrashTest seed " + SEED);
        FaultSuite.Counts counts = FaultSuite.killBuilds(dir, SEED, FaultSuite.PAUSE_POINTS.size() + 1);
        assertEquals(FaultSuite.PAUSE_POINTS.size() + 1, counts.tries, counts.toString());
        assertTrue(counts.problems.isEmpty(), counts.toString());
        assertEquals(0, counts.crashes + counts.hangs + counts.dataLost, counts.toString());
    }
}
