package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of {@code mlops watch-approvals}, {@code reconcile}, {@code promote} and {@code serve} as
 * child processes at seeded moments ({@link ControllerKills}): the registry, both Git repositories
 * and the endpoint stay consistent, and a rerun converges with one commit per change. The seed is
 * printed; {@code -Dmlops.controller-kills.seed=N} replays one (the moments are fractions of run
 * times measured in the run, so a replay lands near, not exactly on, the same instructions). This
 * seed kills watch-approvals and reconcile mid-run and promote after it finished.
 */
class ControllerCrashTest {
    static final long SEED = Long.getLong("mlops.controller-kills.seed", 20_261_291L);

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void killNineOfEachControllerCommandLosesNothingAndARerunConverges() throws Exception {
        System.out.println("ControllerCrashTest seed " + SEED);
        FaultSuite.Counts counts = ControllerKills.run(dir, SEED, 1);
        assertEquals(4, counts.tries, counts.toString());
        assertTrue(counts.problems.isEmpty(), counts.toString());
        assertEquals(0, counts.crashes + counts.hangs + counts.dataLost, counts.toString());
    }
}
