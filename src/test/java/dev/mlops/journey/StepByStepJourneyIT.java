package dev.mlops.journey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journey exactly as the README tells a user to run it: the built launcher, `mlops serve` in
 * one process and every other command in processes of their own.
 */
class StepByStepJourneyIT {
    static final Path LAUNCHER = Path.of("mlops").toAbsolutePath();
    static final String GROUP = "end-to-end-ml-sm-model-package-group";

    @TempDir
    Path dir;
    Process server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS), "mlops serve stops on SIGTERM");
        }
    }

    @Test
    void serveInOneProcessAndTheCommandsInOthers() throws Exception {
        server = new ProcessBuilder(LAUNCHER.toString(), "--state-dir", state(), "serve", "--port", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        String url = awaitUrl();
        Map<String, Object> build = mlops("build");
        String ref = (String) ((Map<?, ?>) build.get("model_package")).get("ref");
        mlops("models", "approve", ref, "--by", "alice");
        assertEquals(ref, mlops("watch-approvals", "--group", GROUP, "--once").get("desired_version"));
        assertEquals("Synced", mlops("reconcile", "--env", "staging", "--once").get("sync"));
        Map<String, Object> smoke = mlops("smoke", "--env", "staging");
        assertEquals(true, smoke.get("passed"));
        assertEquals(url + "/api/staging/predict", smoke.get("url"));
        mlops("promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        assertEquals(ref, mlops("reconcile", "--env", "prod", "--once").get("live_version"));
        HttpResponse<String> prediction = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "/api/prod/predict"))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString("L,298.4,308.2,1582,70.7,216"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, prediction.statusCode());
        assertTrue(prediction.body().contains("\"predicted_label\":1"), prediction.body());
    }

    /**
     * The README's command block itself, run by bash on a state dir that already holds version 1 (an
     * earlier attempt), so the block cannot depend on the state dir being new: it must carry version
     * 2 to prod; then once more, when the build of the same commit reports version 2 again.
     */
    @Test
    void theReadmeJourneyWorksAgainOnAStateDirThatHoldsVersions() throws Exception {
        server = new ProcessBuilder(LAUNCHER.toString(), "--state-dir", state(), "serve", "--port", "0")
                .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
        String port = String.valueOf(URI.create(awaitUrl()).getPort());
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int after = readme.indexOf("\nIn another:\n");
        assertTrue(after > 0, "the README's journey is introduced by 'In another:'");
        int start = readme.indexOf("```bash\n", after) + "```bash\n".length();
        String block = readme.substring(start, readme.indexOf("```", start)).replace("8080", port);
        mlops("build", "--attempt", "99");
        for (int run = 1; run <= 2; run++) {
            ProcessBuilder bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("journey-" + run + ".log").toFile());
            bash.environment().put("MLOPS_STATE_DIR", state());
            Process process = bash.start();
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "the README's journey finished");
            int finished = run;
            assertEquals(0, process.exitValue(), () -> "run " + finished + ": " + read(dir.resolve("journey-" + finished + ".log")));
            List<?> environments = (List<?>) mlops("status").get("environments");
            for (Object env : environments) {
                assertEquals(GROUP + "/2", ((Map<?, ?>) env).get("live_version"), "run " + run + ": " + env);
                assertEquals("Synced", ((Map<?, ?>) env).get("sync"), "run " + run + ": " + env);
            }
        }
    }

    private String state() {
        return dir.resolve("state").toString();
    }

    private String awaitUrl() throws Exception {
        Path serving = dir.resolve("state").resolve("serving.json");
        for (int i = 0; i < 600 && !Files.exists(serving); i++) {
            assertTrue(server.isAlive(), () -> "mlops serve died: " + read(dir.resolve("serve.log")));
            Thread.sleep(100);
        }
        return (String) new ObjectMapper().readValue(serving.toFile(), Map.class).get("url");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> mlops(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(LAUNCHER.toString(), "--state-dir", state(), "--output", "json"));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.json");
        Path err = dir.resolve("err.log");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "mlops " + String.join(" ", args) + " finished");
        assertEquals(0, process.exitValue(), () -> "mlops " + String.join(" ", args) + ": " + read(err) + read(out));
        return new ObjectMapper().readValue(out.toFile(), Map.class);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
