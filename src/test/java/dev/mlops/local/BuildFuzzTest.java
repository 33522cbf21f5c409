package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The YAML/CSV fuzz corpus through {@code mlops build}, with a fixed, printed seed. */
class BuildFuzzTest {
    static final long SEED = 7_331L;

    @TempDir
    Path dir;

    @Test
    void brokenSpecsAndDataFailWithOneLineNamingTheFileAndNothingHalfWritten() throws Exception {
        System.out.println("BuildFuzzTest seed " + SEED);
        FaultSuite.Counts counts = FaultSuite.fuzz(dir, SEED, 60);
        assertTrue(counts.problems.isEmpty(), counts.toString());
        assertEquals(0, counts.crashes + counts.hangs + counts.dataLost, counts.toString());
        assertTrue(counts.clearErrors > counts.tries / 2, counts.toString());
    }
}
