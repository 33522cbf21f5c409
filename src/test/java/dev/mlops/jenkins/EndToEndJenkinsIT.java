package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jenkinsfiles with the REAL mlops CLI on the embedded backend: a push builds and registers
 * a model, it is approved, and the deploy pipeline carries it to production through the gate.
 * It runs after package (failsafe), against the built launcher; the local endpoints are hosted by
 * an `mlops serve` process on the agent, as the README's agent prerequisites say.
 */
class EndToEndJenkinsIT {
    private static final Path LAUNCHER = PipelineHarness.PROJECT.resolve("mlops");
    private static final Path JAR = PipelineHarness.PROJECT.resolve("target/mlops.jar");
    // What a model-build or model-deploy checkout would hold, taken from this repository.
    private static final List<String> CHECKOUT = List.of("pipelines", "model-build", "model-deploy", "tests", "mlops.yaml");
    private static final Duration HANG_GUARD = Duration.ofMinutes(30);

    @TempDir
    Path dir;
    Path state;

    @BeforeEach
    void requireTheCli() throws IOException {
        assumeTrue(Files.isRegularFile(JAR), "target/mlops.jar is not built (mvn -B -DskipTests package)");
        assumeTrue(Files.isExecutable(LAUNCHER), "the ./mlops launcher is missing");
        assumeTrue(versionWorks(), "./mlops --version does not work");
        state = Files.createDirectories(dir.resolve("state"));
    }

    @Test
    void modelGoesFromPushToProductionThroughBothJenkinsfiles() throws IOException, InterruptedException {
        PipelineHarness build = job("model-build");
        build.runJenkinsfile("model-build/Jenkinsfile");
        assertEquals("SUCCESS", build.build().result(), "model-build failed: " + build.build().errors + log(build));
        Map<?, ?> registered = (Map<?, ?>) new ObjectMapper()
                .readValue(build.build().workspace().resolve("mlops-build.json").toFile(), Map.class).get("model_package");
        String version = String.valueOf(registered.get("version"));
        build.set("ref", registered.get("group") + "/" + version);
        build.runSnippet("mlopsModels(action: 'approve', ref: ref, reason: 'end-to-end test', by: 'e2e')");

        Process serve = new ProcessBuilder(LAUNCHER.toString(), "--state-dir", state.toString(), "serve", "--port", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        try {
            awaitServing(serve);
            deploy(registered, version);
        } finally {
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private void deploy(Map<?, ?> registered, String version) throws IOException {
        PipelineHarness deploy = job("model-deploy");
        deploy.build().params.putAll(Map.of("MODEL_PACKAGE_GROUP", registered.get("group"), "MLOPS_STATE_DIR", state.toString()));
        deploy.build().inputAnswer = request -> Map.of("APPROVER", "alice");
        deploy.runJenkinsfile("model-deploy/Jenkinsfile");
        assertEquals("SUCCESS", deploy.build().result(), "model-deploy failed: " + deploy.build().errors + log(deploy));
        assertTrue(deploy.build().shellScripts.stream().anyMatch(script -> script.contains("'--approved-by=alice'")));

        Map<?, ?> status = (Map<?, ?>) deploy.runSnippet("return mlopsStatus()");
        Map<?, ?> prod = environment(status, "prod").orElseGet(() -> fail("no prod environment in mlops status: " + status));
        String ref = registered.get("group") + "/" + version;
        assertEquals(ref, prod.get("live_version"), "prod does not serve " + ref + ": " + prod);
        assertEquals("Synced", prod.get("sync"));
    }

    private void awaitServing(Process serve) throws InterruptedException {
        Path serving = state.resolve("serving.json");
        for (int i = 0; i < 600 && !Files.exists(serving); i++) {
            assertTrue(serve.isAlive(), "mlops serve died; see " + dir.resolve("serve.log"));
            Thread.sleep(100);
        }
        assertTrue(Files.exists(serving), "mlops serve did not come up");
    }

    /** Jenkins sends SIGTERM on abort; only a launcher that execs java lets the JVM (and --on-abort) see it. */
    @Test
    void launcherExecsTheJvmSoAnAbortReachesIt() throws IOException {
        assertTrue(Pattern.compile("(?m)^\\s*exec\\s+(\\S*java|\"\\$\\{?JAVA)").matcher(Files.readString(LAUNCHER)).find(),
                "./mlops must start the JVM with exec");
    }

    private PipelineHarness job(String name) throws IOException {
        PipelineHarness job = new PipelineHarness(dir.resolve(name), new RealShell(HANG_GUARD));
        for (String entry : CHECKOUT) {
            copy(PipelineHarness.PROJECT.resolve(entry), job.build().workspace().resolve(entry));
        }
        job.build().env.putAll(Map.of("MLOPS_LAUNCHER", LAUNCHER.toString(), "MLOPS_STATE_DIR", state.toString()));
        return job;
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

    private static String log(PipelineHarness job) {
        return "\n" + String.join("\n", job.build().log);
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
