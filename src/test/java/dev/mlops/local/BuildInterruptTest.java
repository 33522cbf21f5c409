package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.cli.Main;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (a Jenkins abort) during {@code mlops --output json build}: stdout still carries exactly
 * one JSON object, the error, so the step that parses it reports the abort rather than a parse error,
 * and the execution is recorded as failed, not left Executing.
 */
class BuildInterruptTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aTerminatedJsonBuildPrintsExactlyOneErrorObject() throws Exception {
        Path state = dir.resolve("state");
        Path out = dir.resolve("out.json");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "--state-dir", state.toString(), "--output", "json", "build", "--data",
                FaultSuite.DATA, "--commit", "0123456789abcdef0123456789abcdef01234567"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile());
        builder.environment().put("MLOPS_FAULT_PAUSE_AT", "Train:started");
        Process child = builder.start();
        CompletableFuture<Void> paused = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getErrorStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith("mlops: paused at ")) {
                        paused.complete(null);
                    }
                }
            } catch (java.io.IOException e) {
                paused.completeExceptionally(e);
            }
        });
        reader.start();
        paused.get(90, TimeUnit.SECONDS);

        child.destroy(); // SIGTERM, as Jenkins sends on abort
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the build stops on SIGTERM");
        reader.join(5_000);

        String stdout = Files.readString(out);
        JsonNode result = JSON.readTree(stdout);
        assertTrue(result.has("error"), stdout);
        assertTrue(result.get("error").get("message").asText().contains("interrupted"), stdout);
        assertEquals(1, JSON.readerFor(JsonNode.class).readValues(stdout).readAll().size(),
                "exactly one JSON object on stdout: " + stdout);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve(SqliteModelRegistry.FILE_NAME));
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT status, count(*) FROM local_execution GROUP BY status")) {
            List<String> statuses = new ArrayList<>();
            while (r.next()) {
                statuses.add(r.getString(1) + "=" + r.getLong(2));
            }
            assertEquals(List.of("Failed=1"), statuses, "the interrupted execution is recorded as failed");
        }
    }
}
