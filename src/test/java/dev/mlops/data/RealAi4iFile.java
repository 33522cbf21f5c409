package dev.mlops.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the real AI4I 2020 file, which developers and CI have but a fresh machine does not: tests
 * that need it are skipped, with a message, when it is absent.
 */
public final class RealAi4iFile {
    private RealAi4iFile() {
    }

    public static Path require() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(cwd.resolve("../shared/data/ai4i2020.csv"),
                cwd.resolve("../../shared/data/ai4i2020.csv"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.normalize();
            }
        }
        assumeTrue(false, "the real AI4I file is not here (looked for ../shared/data/ai4i2020.csv and"
                + " ../../shared/data/ai4i2020.csv from " + cwd + ")");
        throw new IllegalStateException("unreachable: assumeTrue(false) aborts the test");
    }
}
