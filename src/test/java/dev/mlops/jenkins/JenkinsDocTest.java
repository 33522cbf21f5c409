package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The README shows the Jenkinsfiles as they are in the repository, not an older copy. */
class JenkinsDocTest {
    @ParameterizedTest
    @ValueSource(strings = {"model-build/Jenkinsfile", "model-deploy/Jenkinsfile", "Jenkinsfile"})
    void docShowsTheJenkinsfileAsItIs(String jenkinsfile) throws IOException {
        String doc = Files.readString(PipelineHarness.PROJECT.resolve("README.md"));
        assertTrue(doc.contains("```groovy\n" + Files.readString(PipelineHarness.PROJECT.resolve(jenkinsfile)) + "```"),
                "README.md has an outdated copy of " + jenkinsfile);
    }
}
