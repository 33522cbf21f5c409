package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jenkinsfiles with the REAL mlops CLI on the embedded backend: a push builds and registers
 * a model, it is approved, and the deploy pipeline carries it to production through the gate;
 * a second version whose prod smoke run fails is rolled back, and prod serves the first again.
 * It runs after package (failsafe), against the built launcher; the local endpoints are hosted by
 * an `mlops serve` process on the agent, as the README's agent prerequisites say.
 */
class EndToEndJenkinsIT {
    private static final Path LAUNCHER = RealCliJobs.LAUNCHER;

    @TempDir
    Path dir;
    Path state;

    @BeforeEach
    void requireTheCli() throws IOException {
        RealCliJobs.assumeBuilt();
        state = Files.createDirectories(dir.resolve("state"));
    }

    @Test
    void modelGoesFromPushToProductionThroughBothJenkinsfiles() throws IOException, InterruptedException {
        Map<?, ?> registered = buildAndApprove("model-build");
        Process serve = startServing();
        try {
            PipelineHarness deploy = deploy("model-deploy", registered, job -> { });
            assertEquals("SUCCESS", deploy.build().result(), "model-deploy failed: " + deploy.build().errors + log(deploy));
            assertTrue(deploy.build().shellScripts.stream().anyMatch(script -> script.contains("'--approved-by=alice'")));
            Map<?, ?> prod = prod(deploy);
            assertEquals(ref(registered), prod.get("live_version"), "prod does not serve " + ref(registered) + ": " + prod);
            assertEquals("Synced", prod.get("sync"));
        } finally {
            stop(serve);
        }
    }

    /** The acceptance: a failing prod smoke run ends with prod serving the previous version. */
    @Test
    void failingProdSmokeRunEndsWithProdServingThePreviousVersion() throws IOException, InterruptedException {
        Map<?, ?> first = buildAndApprove("model-build-1");
        Process serve = startServing();
        try {
            PipelineHarness good = deploy("model-deploy-1", first, job -> { });
            assertEquals("SUCCESS", good.build().result(), "the first release failed: " + good.build().errors + log(good));

            Map<?, ?> second = buildAndApprove("model-build-2");
            PipelineHarness bad = deploy("model-deploy-2", second, job -> failingProdSuite(job.build().workspace()));
            assertEquals("FAILURE", bad.build().result(), "a failed prod smoke run fails the release" + log(bad));
            assertTrue(bad.build().errors.get(0).startsWith("mlopsSmoke: 1 of 1 smoke tests failed on " + ref(second)),
                    bad.build().errors.toString());
            assertEquals(1, bad.build().errors.size(), "the rollback must succeed: " + bad.build().errors + log(bad));
            assertTrue(bad.build().log.contains("prod is back on " + ref(first) + " (from " + ref(second) + "), Synced and Healthy"),
                    log(bad));

            Map<?, ?> prod = prod(bad);
            assertEquals(ref(first), prod.get("live_version"), "prod must serve the previous version again: " + prod);
            assertEquals(ref(first), prod.get("desired_version"), prod.toString());
            assertEquals("Synced", prod.get("sync"), prod.toString());
            assertEquals("Healthy", prod.get("health"), prod.toString());
            assertTrue(bad.build().shellScripts.stream().anyMatch(script -> script.contains("'--reason=test-job #1: the prod smoke"
                    + " run failed: 1 of 1 smoke tests failed on " + ref(second) + "'")), "the rollback says why");
        } finally {
            stop(serve);
        }
    }

    /** Runs model-build in its own workspace and approves the version it registered; returns its model_package. */
    private Map<?, ?> buildAndApprove(String name) throws IOException {
        PipelineHarness build = job(name);
        build.runJenkinsfile("model-build/Jenkinsfile");
        assertEquals("SUCCESS", build.build().result(), name + " failed: " + build.build().errors + log(build));
        Map<?, ?> registered = (Map<?, ?>) new ObjectMapper()
                .readValue(build.build().workspace().resolve("mlops-build.json").toFile(), Map.class).get("model_package");
        build.set("ref", ref(registered));
        build.runSnippet("mlopsModels(action: 'approve', ref: ref, reason: 'end-to-end test', by: 'e2e')");
        return registered;
    }

    private PipelineHarness deploy(String name, Map<?, ?> registered, Consumer<PipelineHarness> prepare) throws IOException {
        PipelineHarness deploy = job(name);
        deploy.build().params.putAll(Map.of("MODEL_PACKAGE_GROUP", registered.get("group"), "MLOPS_STATE_DIR", state.toString()));
        deploy.build().inputAnswer = request -> Map.of("APPROVER", "alice");
        prepare.accept(deploy);
        deploy.runJenkinsfile("model-deploy/Jenkinsfile");
        return deploy;
    }

    /** prod's smoke suite (a file of the checkout, as environments/prod.yaml names it) now fails whatever answers. */
    private static void failingProdSuite(Path workspace) {
        try {
            Files.writeString(workspace.resolve("tests/smoke/prod.yaml"), String.join("\n",
                    "name: predictive-maintenance-prod", "cases:", "  - name: made to fail for this version",
                    "    request:", "      headers: {Content-Type: text/csv}", "      body: L,298.4,308.2,1582,70.7,216",
                    "    expect:", "      status: 418", ""));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<?, ?> prod(PipelineHarness job) {
        Map<?, ?> status = (Map<?, ?>) job.runSnippet("return mlopsStatus()");
        return RealCliJobs.environment(status, "prod").orElseGet(() -> fail("no prod environment in mlops status: " + status));
    }

    private static String ref(Map<?, ?> registered) {
        return registered.get("group") + "/" + registered.get("version");
    }

    private Process startServing() throws IOException, InterruptedException {
        Process serve = new ProcessBuilder(LAUNCHER.toString(), "--state-dir", state.toString(), "serve", "--port", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        try {
            awaitServing(serve);
            return serve;
        } catch (AssertionError | InterruptedException e) {
            stop(serve);
            throw e;
        }
    }

    private static void stop(Process serve) throws InterruptedException {
        serve.destroy();
        serve.waitFor(30, TimeUnit.SECONDS);
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
        return RealCliJobs.job(dir.resolve(name), state);
    }

    private static String log(PipelineHarness job) {
        return RealCliJobs.log(job);
    }
}
