package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Jobs that run this repository's Jenkinsfiles with the REAL built CLI (the ./mlops launcher and
 * target/mlops.jar, after package): each job's workspace holds what a checkout would, and its sh
 * steps run in a real shell.
 */
final class RealCliJobs {
    static final Path LAUNCHER = PipelineHarness.PROJECT.resolve("mlops");
    static final Path JAR = PipelineHarness.PROJECT.resolve("target/mlops.jar");
    // What a model-build or model-deploy checkout would hold, taken from this repository.
    private static final List<String> CHECKOUT = List.of("pipelines", "model-build", "model-deploy", "tests", "mlops.yaml");
    private static final Duration HANG_GUARD = Duration.ofMinutes(30);

    private RealCliJobs() {
    }

    /** Skips the test unless the CLI is built and starts. */
    static void assumeBuilt() {
        assumeTrue(Files.isRegularFile(JAR), "target/mlops.jar is not built (mvn -B -DskipTests package)");
        assumeTrue(Files.isExecutable(LAUNCHER), "the ./mlops launcher is missing");
        assumeTrue(versionWorks(), "./mlops --version does not work");
    }

    /** A job in {@code dir} whose mlops steps run the launcher on the state dir {@code state}. */
    static PipelineHarness job(Path dir, Path state) throws IOException {
        PipelineHarness job = new PipelineHarness(dir, new RealShell(HANG_GUARD));
        for (String entry : CHECKOUT) {
            copy(PipelineHarness.PROJECT.resolve(entry), job.build().workspace().resolve(entry));
        }
        job.build().env.putAll(Map.of("MLOPS_LAUNCHER", LAUNCHER.toString(), "MLOPS_STATE_DIR", state.toString()));
        return job;
    }

    /** The environment's entry, wherever the status puts it: under its name or as an object with "env". */
    static Optional<Map<?, ?>> environment(Object json, String name) {
        if (json instanceof Map<?, ?> map) {
            if (name.equals(map.get("env")) || name.equals(map.get("name"))) {
                return Optional.of(map);
            }
            if (map.get(name) instanceof Map<?, ?> named) {
                return Optional.of(named);
            }
            return map.values().stream().map(value -> environment(value, name)).flatMap(Optional::stream).findFirst();
        }
        if (json instanceof List<?> list) {
            return list.stream().map(value -> environment(value, name)).flatMap(Optional::stream).findFirst();
        }
        return Optional.empty();
    }

    static String log(PipelineHarness job) {
        return "\n" + String.join("\n", job.build().log);
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.exists(from)) {
            return;
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static boolean versionWorks() {
        try {
            Process process = new ProcessBuilder(LAUNCHER.toString(), "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
