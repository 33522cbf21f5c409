package dev.mlops.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XGBoost4J's native library comes from the cache, so a killed process leaves no copy of it behind. */
class XgbNativeTest {
    @TempDir
    Path dir;

    @Test
    void processesKilledAfterTrainingLeaveNothingInTheTemporaryDirectory() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Path cache = dir.resolve("cache");
        List<Process> children = new ArrayList<>();
        // Started together, so they also race to unpack the library first.
        for (int i = 0; i < 4; i++) {
            children.add(new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                    "-Djava.io.tmpdir=" + tmp, "-Dmlops.native.dir=" + cache, "-cp", System.getProperty("java.class.path"),
                    TrainThenWait.class.getName()).redirectErrorStream(true).start());
        }
        for (Process child : children) {
            String line = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertEquals("trained", line);
            child.destroyForcibly();
            child.waitFor();
        }
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.toList(), "nothing unpacked into the temporary directory");
        }
        try (Stream<Path> cached = Files.walk(cache)) {
            List<String> files = cached.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList();
            assertEquals(List.of(System.mapLibraryName("xgboost4j")), files, "one copy, no temporary file");
        }
    }

    static byte[] trained() {
        double[][] x = {{0, 1}, {1, 0}, {0, 0}, {1, 1}};
        int[] y = {0, 1, 0, 1};
        try (XgbModel model = XgbModel.train(x, y, x, y, Map.of("objective", "binary:logistic"), 2).model()) {
            return model.toJson();
        }
    }

    /** A process that trains (loading the native library), says so, and waits to be killed. */
    static final class TrainThenWait {
        public static void main(String[] args) throws InterruptedException {
            trained();
            System.out.println("trained");
            System.out.flush();
            Thread.sleep(60_000);
        }
    }
}
