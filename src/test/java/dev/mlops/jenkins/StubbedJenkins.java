package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A simulated Jenkins whose mlops launcher is the {@link CliStub}, run by a real shell. */
final class StubbedJenkins {
    final CliStub cli;
    final PipelineHarness jenkins;

    StubbedJenkins(Path dir) {
        this(dir, "/bin/sh");
    }

    StubbedJenkins(Path dir, String shell) {
        cli = new CliStub(dir);
        jenkins = new PipelineHarness(dir, new RealShell(shell, Duration.ofMinutes(2)));
        build().env.put("MLOPS_LAUNCHER", cli.launcher());
    }

    Build build() {
        return jenkins.build();
    }

    Path workspace() {
        return build().workspace();
    }

    Object run(String snippet) {
        return jenkins.runSnippet(snippet);
    }

    /** Runs the snippet, expecting it to fail the build; returns the message the build failed with. */
    String failure(String snippet) {
        return assertThrows(PipelineError.class, () -> jenkins.runSnippet(snippet)).getMessage();
    }

    /** The argv the CLI got on its last call, without the global options and --output=json. */
    List<String> lastCommand() {
        List<String> argv = cli.lastCall();
        return argv.subList(argv.indexOf("--output=json") + 1, argv.size());
    }
}
