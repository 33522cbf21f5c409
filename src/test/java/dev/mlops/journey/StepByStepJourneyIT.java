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
        int version = (Integer) ((Map<?, ?>) build.get("model_package")).get("version");
        String ref = GROUP + "/" + version;
        mlops("models", "approve", ref, "--by", "alice");
        assertEquals(ref, mlops("watch-approvals", "--group", GROUP, "--once").get("staging_version"));
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
