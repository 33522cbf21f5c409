package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aborting a build signals the process the sh step started. The steps exec the CLI in place
 * of that shell, so the CLI itself gets the SIGTERM and can stop or leave the remote work
 * (--on-abort); a shell left in between would die and orphan the CLI.
 */
class AbortSignalTest {
    private static final String LONG_RUNNING_CLI = """
            #!/bin/sh
            dir=$(dirname "$0")
            printf '%s\\n' "$@" > "$dir/argv"
            trap 'echo TERM > "$dir/got-term"; exit 143' TERM
            echo started > "$dir/started"
            while :; do sleep 0.1; done
            """;

    @TempDir
    Path dir;

    @Test
    void abortSignalReachesTheCli() throws IOException {
        Path cli = Files.createDirectories(dir.resolve("cli"));
        Path launcher = Files.writeString(cli.resolve("mlops"), LONG_RUNNING_CLI);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        PipelineHarness jenkins = new PipelineHarness(dir, abortOnceStarted(cli.resolve("started")));
        jenkins.build().env.put("MLOPS_LAUNCHER", launcher.toString());

        PipelineError aborted = assertThrows(PipelineError.class,
                () -> jenkins.runSnippet("mlopsBuild(onAbort: 'stop')"));

        assertTrue(Files.exists(cli.resolve("got-term")), "the CLI never got the SIGTERM");
        assertTrue(Files.readAllLines(cli.resolve("argv")).contains("--on-abort=stop"));
        assertEquals("mlopsBuild: the mlops CLI ended with exit code 143 (signal 15); see the log above", aborted.getMessage());
    }

    /** Runs the script like RealShell, then sends SIGTERM to the started process only, as an abort does. */
    private static ShellRunner abortOnceStarted(Path startedMarker) {
        return (script, cwd, env) -> {
            try {
                Path file = Files.writeString(Files.createTempFile(RealShell.tmpDirOf(cwd), "script", ".sh"), script);
                ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-xe", file.toString()).directory(cwd.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
                builder.environment().putAll(env);
                Process process = builder.start();
                List<ProcessHandle> tree = List.of();
                try {
                    for (int i = 0; i < 600 && !Files.exists(startedMarker); i++) {
                        Thread.sleep(100);
                    }
                    // Taken before the signal: a CLI orphaned by a dying shell is no descendant any more.
                    tree = process.descendants().toList();
                    process.destroy();
                    process.waitFor(60, TimeUnit.SECONDS);
                    return new ShellRunner.Result(process.exitValue(), "", "");
                } finally {
                    tree.forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        };
    }
}
