package dev.mlops.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** AWS's CloudFormation linter when this machine has it ({@code pip install cfn-lint}); tests skip without it. */
final class CfnLint {
    record Result(int exitCode, String output) {
    }

    private CfnLint() {
    }

    static void requireInstalled() {
        Result version;
        try {
            version = run(List.of("cfn-lint", "--version"));
        } catch (IOException e) {
            version = new Result(-1, e.getMessage());
        }
        Assumptions.assumeTrue(version.exitCode() == 0,
                "cfn-lint is not installed (pip install cfn-lint); the templates were checked without it: " + version.output());
    }

    static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "cfn-lint did not finish in 120 s");
            }
            return new Result(process.exitValue(), output.strip());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running cfn-lint", e);
        }
    }
}
