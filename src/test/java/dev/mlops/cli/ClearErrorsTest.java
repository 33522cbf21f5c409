package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures of input and machine reach the user as one clear line with exit 2 or 1, never a bug's 70. */
class ClearErrorsTest {
    @TempDir
    Path state;

    @Test
    void aHugeIntegerParameterIsALocatedRangeError() {
        CliRun run = CliRun.json(state, "build", "--param", "max_depth=99999999999", "--data", BuildCmdTest.SMALL);
        assertEquals(2, run.exitCode(), run.err());
        String message = (String) ((Map<?, ?>) run.json().get("error")).get("message");
        assertTrue(message.contains("max_depth=99999999999") && message.contains("model-build.yaml:"), message);
    }

    @Test
    void aDeviceAsPipelineFailsAtOnce() {
        long start = System.nanoTime();
        CliRun run = CliRun.json(state, "build", "--pipeline", "/dev/zero");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("/dev/zero") && run.err().contains("not a regular file"), run.err());
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "took " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    @Test
    void aStateDirWhoseExecutionsIsAFileIsAnEnvironmentErrorAndTheRegistryStaysIntact() throws Exception {
        Files.writeString(state.resolve("executions"), "in the way");
        CliRun run = CliRun.json(state, "build", "--data", BuildCmdTest.SMALL, "--commit", "abc1234");
        assertEquals(1, run.exitCode(), run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("internal error"), run.err());
        String message = (String) ((Map<?, ?>) run.json().get("error")).get("message");
        assertTrue(message.contains(state.resolve("executions").toString()) && message.contains("use another --state-dir"),
                message);
        CliRun list = CliRun.json(state, "models", "list", "--group", "end-to-end-ml-sm-model-package-group");
        assertEquals(0, list.exitCode(), list.err());
    }

    @Test
    void serveOnAStateDirItCannotWriteIsAnEnvironmentErrorNotAStackTrace() throws Exception {
        Files.writeString(state.resolve("endpoints"), "in the way");
        CliRun run = CliRun.json(state, "serve", "--port", "0");
        assertEquals(1, run.exitCode(), run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("internal error"), run.err());
        assertTrue(run.err().contains(state.resolve("endpoints").toString()) && run.err().contains("another --state-dir"),
                run.err());
    }

    @Test
    void aRegistryFileThatIsADirectoryIsAnEnvironmentError() throws Exception {
        Files.createDirectories(state.resolve("registry.db"));
        CliRun run = CliRun.json(state, "build", "--data", BuildCmdTest.SMALL);
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("registry.db in it is a file"), run.err());
    }
}
