package dev.mlops.jenkins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs an sh step the way the durable-task plugin does: the script goes into a file under the
 * directory's @tmp sibling and runs with {@code sh -xe}, with the build's environment. AWS_ and
 * MLOPS_ variables of the machine running the tests are dropped, so only what the build sets
 * reaches the process.
 */
public final class RealShell implements ShellRunner {
    private final String shell;
    private final Duration hangGuard;

    /** hangGuard only stops a hung process from blocking the test run; it is not an assertion. */
    public RealShell(String shell, Duration hangGuard) {
        this.shell = shell;
        this.hangGuard = hangGuard;
    }

    public RealShell(Duration hangGuard) {
        this("/bin/sh", hangGuard);
    }

    @Override
    public Result run(String script, Path cwd, Map<String, String> env) {
        try {
            Path control = Files.createTempDirectory(tmpDirOf(cwd), "durable-");
            Path file = Files.writeString(control.resolve("script.sh"), script);
            Path out = control.resolve("stdout");
            Path err = control.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder(shell, "-xe", file.toString())
                    .directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("AWS_") || name.startsWith("MLOPS_"));
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(hangGuard.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("sh step still running after " + hangGuard + ": " + script);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }

    static Path tmpDirOf(Path dir) throws IOException {
        return Files.createDirectories(dir.resolveSibling(dir.getFileName() + "@tmp"));
    }
}
