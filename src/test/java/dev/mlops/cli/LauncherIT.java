package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built launcher as a user runs it: what a command loads, and the class-data-sharing archive
 * used when it fits the jar and never seen (on stdout or stderr) when it does not.
 */
class LauncherIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final List<String> ENGINE = List.of("org.eclipse.jgit.", "ml.dmlc.", "org.eclipse.jetty.",
            "software.amazon.", "org.sqlite.", "org.yaml.");

    @TempDir
    Path dir;

    @Test
    void versionLoadsNoEngineAndStartsFromTheArchive() throws Exception {
        Run run = run(PROJECT.resolve("mlops"), "--version");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith("mlops "), run.out());
        for (String prefix : ENGINE) {
            assertFalse(run.classes().contains(" " + prefix), "--version loads " + prefix);
        }
        assumeTrue(Files.exists(PROJECT.resolve("target/mlops.jsa")), "built with -Dcds.skip");
        assertTrue(run.classes().contains("dev.mlops.cli.Main source: shared objects file"), "started from target/mlops.jsa");
    }

    @Test
    void statusLoadsNeitherXgboostNorJettyNorTheAwsSdk() throws Exception {
        Run run = run(PROJECT.resolve("mlops"), "--state-dir", dir.resolve("state").toString(), "status");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("staging"), run.out());
        for (String prefix : List.of("ml.dmlc.", "org.eclipse.jetty.", "software.amazon.")) {
            assertFalse(run.classes().contains(" " + prefix), "status loads " + prefix);
        }
    }

    @Test
    void theServingProcessRunsTheThroughputCollectorUnlessTheUserNamesOne() throws Exception {
        Path gc = dir.resolve("gc.log");
        Run serve = runWith("-Xlog:gc:file=" + gc, PROJECT.resolve("mlops"), "serve", "--help");
        assertEquals(0, serve.code(), serve.err());
        assertTrue(Files.readString(gc).contains("Using Parallel"), Files.readString(gc));
        Run chosen = runWith("-XX:+UseG1GC -Xlog:gc:file=" + gc, PROJECT.resolve("mlops"), "serve", "--help");
        assertEquals(0, chosen.code(), chosen.err());
        assertTrue(Files.readString(gc).contains("Using G1"), Files.readString(gc));
        Run status = runWith("-Xlog:gc:file=" + gc, PROJECT.resolve("mlops"), "--state-dir", dir.resolve("s").toString(),
                "status");
        assertEquals(0, status.code(), status.err());
        assertFalse(Files.readString(gc).contains("Using Parallel"), "only the serving process: " + Files.readString(gc));
    }

    @Test
    void anArchiveThatDoesNotFitIsLeftOutWithoutAWord() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("moved"));
        Files.copy(PROJECT.resolve("mlops"), checkout.resolve("mlops"));
        Path target = Files.createDirectories(checkout.resolve("target"));
        Files.copy(PROJECT.resolve("target/mlops.jar"), target.resolve("mlops.jar"));
        Files.createSymbolicLink(target.resolve("lib"), PROJECT.resolve("target/lib"));
        Path launcher = checkout.resolve("mlops");
        assertQuietAndWithoutArchive(run(launcher, "--output", "json", "--version"), "no archive");

        Path archive = target.resolve("mlops.jsa");
        Path builtFor = target.resolve("mlops.jsa.jar");
        if (Files.exists(PROJECT.resolve("target/mlops.jsa"))) {
            Files.copy(PROJECT.resolve("target/mlops.jsa"), archive);
            Files.copy(PROJECT.resolve("target/mlops.jsa.jar"), builtFor);
            assertQuietAndWithoutArchive(run(launcher, "--output", "json", "--version"), "built for another checkout");
        }
        Files.writeString(archive, "not an archive", StandardCharsets.UTF_8);
        Files.writeString(builtFor, target.resolve("mlops.jar") + "\n", StandardCharsets.UTF_8);
        assertQuietAndWithoutArchive(run(launcher, "--output", "json", "--version"), "corrupt, so the JVM refuses it");

        Files.copy(PROJECT.resolve("target/mlops.jar"), target.resolve("mlops.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(archive, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        assertQuietAndWithoutArchive(run(launcher, "--output", "json", "--version"), "older than the jar");
    }

    private static void assertQuietAndWithoutArchive(Run run, String why) throws IOException {
        assertEquals(0, run.code(), why + ": " + run.err());
        assertEquals("", run.err(), why);
        assertEquals(1, run.out().lines().count(), why + ": " + run.out());
        Map<?, ?> version = new ObjectMapper().readValue(run.out(), Map.class);
        assertTrue(version.containsKey("version"), why + ": " + run.out());
        assertFalse(run.classes().contains("dev.mlops.cli.Main source: shared objects file"), why);
    }

    private Run run(Path launcher, String... args) throws Exception {
        return runWith("", launcher, args);
    }

    /** Runs the launcher with {@code javaOptions} in MLOPS_JAVA_OPTS, after the class-loading log's. */
    private Run runWith(String javaOptions, Path launcher, String... args) throws Exception {
        Path classes = Files.createTempFile(dir, "classes", ".log");
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(launcher.toString());
        builder.command().addAll(List.of(args));
        builder.environment().put("MLOPS_JAVA_OPTS", ("-Xlog:class+load:file=" + classes + " " + javaOptions).trim());
        Process process = builder.directory(PROJECT.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "mlops " + String.join(" ", args) + " finishes");
        return new Run(process.exitValue(), Files.readString(out), Files.readString(err), Files.readString(classes));
    }

    private record Run(int code, String out, String err, String classes) {
    }
}
