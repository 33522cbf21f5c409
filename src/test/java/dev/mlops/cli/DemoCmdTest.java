package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCmdTest {
    @TempDir
    Path state;

    @Test
    void demoRunsTheWholeMissionTwiceOnOneStateDir() {
        CliRun first = CliRun.of("--state-dir", state.toString(), "--output", "json", "demo");
        assertEquals(0, first.exitCode(), first.err());
        Map<String, Object> summary = first.json();
        assertEquals("end-to-end-ml-sm-model-package-group/1", summary.get("prod_version"));
        assertTrue(((String) summary.get("prediction")).contains("\"predicted_label\":1"), summary.toString());
        for (int stage = 1; stage <= 9; stage++) {
            assertTrue(first.err().contains("[" + stage + "/9]"), first.err());
        }
        CliRun second = CliRun.of("--state-dir", state.toString(), "--output", "json", "demo");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals("end-to-end-ml-sm-model-package-group/2", second.json().get("prod_version"));
    }

    @Test
    void demoOnTooLittleDataStopsAtTheQualityGateInsteadOfPromotingAModelThatCatchesNothing() {
        CliRun run = CliRun.of("--state-dir", state.toString(), "--output", "json", "demo", "--rows", "300");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("recall 0 is below the minimum 0.7"), run.err());
        assertFalse(run.err().contains("[3/9]"), "nothing is approved: " + run.err());
    }
}
