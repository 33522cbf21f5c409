package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project config is checked on the embedded backend too, before anything is done. */
class ProjectConfigCmdTest {
    @TempDir
    Path dir;

    @Test
    void aMissingConfigFileIsAnErrorOnTheLocalBackend() {
        Path missing = dir.resolve("nope.yaml");
        CliRun run = CliRun.of("--state-dir", dir.resolve("state").toString(), "--config", missing.toString(), "status");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("cannot read config " + missing + ": no such file (--config)"), run.err());
        assertFalse(Files.exists(dir.resolve("state")), "nothing was created");
    }

    @Test
    void anUnknownKeyIsAnErrorNamingItsPlaceOnTheLocalBackend() throws Exception {
        Path config = Files.writeString(dir.resolve("mlops.yaml"), "aws:\n  regoin: eu-west-1\n");
        for (String command : new String[] {"status", "build", "history"}) {
            String[] args = command.equals("history")
                    ? new String[] {"--state-dir", dir.resolve("state").toString(), "--config", config.toString(), command,
                        "--env", "staging"}
                    : new String[] {"--state-dir", dir.resolve("state").toString(), "--config", config.toString(), command};
            CliRun run = CliRun.of(args);
            assertEquals(2, run.exitCode(), command + ": " + run.err());
            assertTrue(run.err().contains(config + ":2:3") && run.err().contains("regoin")
                    && run.err().contains("region"), command + ": " + run.err());
        }
        assertFalse(Files.exists(dir.resolve("state")), "nothing was created, nothing registered");
    }
}
