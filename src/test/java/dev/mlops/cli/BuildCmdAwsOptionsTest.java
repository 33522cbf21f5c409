package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build options for remote executions, and the global AWS options on every command. */
class BuildCmdAwsOptionsTest {
    @TempDir
    Path state;

    @Test
    void attachOnTheLocalBackendIsAnInputError() {
        CliRun run = CliRun.of("--state-dir", state.toString(), "build", "--attach",
                "arn:aws:sagemaker:us-east-1:123456789012:pipeline/p/execution/abc123def456");

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--attach works only with --backend aws"), run.err());
    }

    @Test
    void unreadableTimeoutIsAnInputError() {
        CliRun run = CliRun.of("--state-dir", state.toString(), "--output", "json", "build", "--timeout", "soon");

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("cannot parse duration 'soon' (--timeout)"), run.err());
        assertEquals(2, ((java.util.Map<?, ?>) run.json().get("error")).get("exit_code"));
    }

    @Test
    void awsOptionsWorkBeforeAndAfterTheSubcommandAndCompileKeepsItsOwnRegion() {
        CliRun before = CliRun.of("--region", "us-east-1", "--profile", "p", "models", "list", "--help");
        CliRun after = CliRun.of("models", "describe", "--help");
        CliRun compile = CliRun.of("pipeline", "compile", "--help");

        assertEquals(0, before.exitCode(), before.err());
        assertTrue(after.out().contains("--role-arn") && after.out().contains("--endpoint-url"), after.out());
        assertEquals(0, compile.exitCode(), compile.err());
        assertTrue(compile.out().contains("--region") && compile.out().contains("--profile"), compile.out());
    }
}
