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
 * directory's @tmp sibling and runs with {@code /bin/sh -xe}, with the build's environment.
 */
public final class RealShell implements ShellRunner {
    private final Duration hangGuard;

    /** hangGuard only stops a hung process from blocking the test run; it is not an assertion. */
    public RealShell(Duration hangGuard) {
        this.hangGuard = hangGuard;
    }

    @Override
    public Result run(String script, Path cwd, Map<String, String> env) {
        try {
            Path control = Files.createTempDirectory(tmpDirOf(cwd), "durable-");
            Path file = Files.writeString(control.resolve("script.sh"), script);
            Path out = control.resolve("stdout");
            Path err = control.resolve("stderr");
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-xe", file.toString())
                    .directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
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
