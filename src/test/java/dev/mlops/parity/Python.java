package dev.mlops.parity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Python 3 that has what SageMaker's scikit-learn and XGBoost containers have (numpy, pandas,
 * scikit-learn, xgboost), found the way CI installs it (Debian's packages in /usr/bin/python3) or on
 * the PATH, and runs the {@code model-build/} scripts as processes.
 */
record Python(Path executable) {
    static final List<String> MODULES = List.of("numpy", "pandas", "sklearn", "xgboost");
    /** A guard against a hung interpreter, not a speed assertion. */
    private static final long GIVE_UP_MINUTES = 10;
    private static final String CHECK = "missing = []\n"
            + "for m in " + MODULES.stream().map(m -> "'" + m + "'").toList() + ":\n"
            + "    try:\n        __import__(m)\n    except Exception:\n        missing.append(m)\n"
            + "print(','.join(missing))\n";

    /** What one run printed and how it ended. */
    record Run(int exitCode, String out, String err) {
        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** The first usable Python, or why there is none (for the skip message). */
    static Result find() {
        List<String> problems = new ArrayList<>();
        for (Path candidate : candidates()) {
            try {
                Run check = new Python(candidate).run(List.of("-c", CHECK), "");
                String missing = check.out().strip();
                if (check.exitCode() == 0 && missing.isEmpty()) {
                    return new Result(Optional.of(new Python(candidate)), "");
                }
                problems.add(candidate + (check.exitCode() == 0 ? " lacks " + missing : " fails: " + check.err().strip()));
            } catch (UncheckedIOException e) {
                problems.add(candidate + " cannot run: " + e.getCause().getMessage());
            }
        }
        String tried = problems.isEmpty() ? "no python3 at /usr/bin/python3 or on the PATH" : String.join("; ", problems);
        return new Result(Optional.empty(), "no Python 3 with " + String.join(", ", MODULES) + " (" + tried
                + "); install them with: apt-get install -y python3-sklearn python3-pandas python3-xgboost");
    }

    record Result(Optional<Python> python, String whyNot) {
    }

    /** The first usable Python; where there is none, the calling tests are skipped with the reason. */
    static Python require() {
        Result found = find();
        Assumptions.assumeTrue(found.python().isPresent(), found.whyNot());
        return found.python().orElseThrow();
    }

    private static List<Path> candidates() {
        List<Path> found = new ArrayList<>();
        Path debian = Path.of("/usr/bin/python3");
        if (Files.isExecutable(debian)) {
            found.add(debian);
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path onPath = dir.isEmpty() ? null : Path.of(dir, "python3");
            if (onPath != null && Files.isExecutable(onPath) && !found.contains(onPath)) {
                found.add(onPath);
                break;
            }
        }
        return found;
    }

    /** Runs {@code python ARGS} with {@code stdin} as its input, from the repository root. */
    Run run(List<String> args, String stdin) {
        List<String> command = new ArrayList<>(List.of(executable.toString()));
        command.addAll(args);
        Path in = null;
        Path out = null;
        Path err = null;
        try {
            // Files rather than pipes: nothing can block on a full pipe.
            in = Files.writeString(Files.createTempFile("python-in", ".txt"), stdin);
            out = Files.createTempFile("python-out", ".txt");
            err = Files.createTempFile("python-err", ".txt");
            Process process = new ProcessBuilder(command).redirectInput(in.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(GIVE_UP_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("python did not finish in " + GIVE_UP_MINUTES + " minutes: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        } finally {
            for (Path file : new Path[] {in, out, err}) {
                deleteQuietly(file);
            }
        }
    }

    /** Runs a {@code model-build/} script and fails the test, showing its output, unless it exits 0. */
    Run script(String name, List<String> args, String stdin) {
        List<String> full = new ArrayList<>(List.of(Path.of("model-build", name).toString()));
        full.addAll(args);
        Run run = run(full, stdin);
        if (run.exitCode() != 0) {
            throw new AssertionError(name + " " + args + " failed: " + run.describe());
        }
        return run;
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // A leftover temp file is harmless; the run's result matters more.
        }
    }
}
