package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The root Jenkinsfile: mvn -B verify, test reports always, the jar only from a passing build. */
class ProductJenkinsfileTest {
    @TempDir
    Path dir;
    PipelineHarness jenkins;
    Path bin;

    @BeforeEach
    void setUp() throws IOException {
        jenkins = new PipelineHarness(dir, new RealShell(Duration.ofMinutes(2)));
        bin = Files.createDirectories(dir.resolve("bin"));
        jenkins.build().env.put("PATH", bin + ":" + System.getenv("PATH"));
    }

    /** A mvn stand-in that records its arguments and leaves what a Maven build leaves in target/. */
    private void mavenThatEndsWith(int exit, int failedTests) throws IOException {
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\nprintf '%s\\n' \"$@\" > " + dir.resolve("mvn.args") + "\n"
                + "mkdir -p target/surefire-reports\n"
                + "printf '%s' '" + ReportsTest.junit(failedTests) + "' > target/surefire-reports/TEST-dev.mlops.SomeTest.xml\n"
                + (exit == 0 ? "touch target/mlops.jar\n" : "") + "exit " + exit + "\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @Test
    void passingBuildPublishesTestsAndArchivesTheJar() throws IOException {
        mavenThatEndsWith(0, 0);
        jenkins.runJenkinsfile("Jenkinsfile");
        assertEquals("SUCCESS", jenkins.build().result(), jenkins.build().errors.toString());
        assertEquals(List.of("-B", "verify"), Files.readAllLines(dir.resolve("mvn.args")));
        assertEquals(List.of("target/surefire-reports/TEST-dev.mlops.SomeTest.xml"),
                jenkins.build().junit.stream().map(Build.JunitReport::file).toList());
        assertEquals(List.of("target/mlops.jar"), jenkins.build().archived);
    }

    @Test
    void failingBuildStillPublishesItsTestReportsButNoJar() throws IOException {
        mavenThatEndsWith(1, 1);
        jenkins.runJenkinsfile("Jenkinsfile");
        assertEquals("FAILURE", jenkins.build().result());
        assertEquals(1, jenkins.build().junit.get(0).failures());
        assertEquals(List.of(), jenkins.build().archived);
    }
}
