package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.mlops.cli.Main;
import dev.mlops.data.Ai4iGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build whose data does not fit the heap ends with a clear error, not a bare OutOfMemoryError:
 * what ran out, the rows, the -Xmx to use; with {@code --output json} exactly one JSON result
 * object, exit 1 (the environment's fault). The -Xmx it names then fits. Scaled down from 1M rows in
 * -Xmx1g: 200,000 rows in a child JVM with 24 MB of heap (they need about 40).
 */
class BuildHeapLimitTest {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aHeapTooSmallForTheDataGivesOneJsonResultNamingTheRowsAndTheXmxThatFits() throws Exception {
        Path data = dir.resolve("ai4i-200000.csv");
        Ai4iGenerator.write(new Ai4iGenerator.Request(200_000, 7), data);

        Child small = build("-Xmx24m", data, 1);
        assertEquals(1, small.exitCode(), small.describe());
        assertFalse(small.err().contains("OutOfMemoryError") || small.err().contains("Exception in thread"), small.describe());
        List<JsonNode> objects = JSON.readerFor(JsonNode.class).<JsonNode>readValues(small.out()).readAll();
        assertEquals(1, objects.size(), "exactly one JSON object on stdout: " + small.out());
        JsonNode result = objects.get(0);
        assertEquals("Failed", result.get("status").asText(), small.out());
        String reason = result.get("failure_reason").asText();
        assertTrue(reason.contains("the Java heap (24 MB) ran out in the Preprocess step"), reason);
        assertTrue(reason.contains("the data has 200,000 rows"), reason);
        assertTrue(reason.contains("MLOPS_JAVA_OPTS=-Xmx256m"), reason);

        Child fitting = build("-Xmx256m", data, 2);
        assertEquals(0, fitting.exitCode(), fitting.describe());
        assertEquals("Succeeded", JSON.readTree(fitting.out()).get("status").asText(), fitting.out());
    }

    private record Child(int exitCode, String out, String err) {
        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    private Child build(String heap, Path data, int attempt) throws Exception {
        Path out = dir.resolve("out-" + attempt + ".json");
        Path err = dir.resolve("err-" + attempt + ".txt");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, heap, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--state-dir", dir.resolve("state").toString(), "--output", "json", "build", "--data", data.toString(),
                "--commit", COMMIT, "--attempt", Integer.toString(attempt))
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(child.waitFor(3, TimeUnit.MINUTES), "the build ends");
        return new Child(child.exitValue(), Files.readString(out), Files.readString(err));
    }
}
