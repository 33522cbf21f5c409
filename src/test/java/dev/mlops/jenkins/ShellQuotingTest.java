package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values from a Jenkinsfile (build parameters, branch names) reach the CLI as one literal
 * argument each, whatever they contain. Proven by running the generated script with real
 * shells (dash, Debian's /bin/sh, and bash) and reading the argv the CLI stand-in received.
 */
class ShellQuotingTest {
    private static final List<String> HOSTILE = List.of(
            "a'b", "'", "''", "$(rm -rf /)", "`id`", "x; echo pwned", "two words", "line1\nline2", "tab\there",
            "\"double\"", "back\\slash", "$HOME", "${PATH}", "*", "~", "!", "a && b || c", "#comment", "--backend=aws",
            "-", "", "é€✓", "|cat", "> /dev/null", "'\"'\"'");

    @TempDir
    Path dir;

    static Stream<String> shells() {
        return Stream.of("/bin/sh", "/bin/bash");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void everyValueArrivesIntactAsOneArgument(String shell) {
        assumeTrue(Files.isExecutable(Path.of(shell)), shell + " is not installed");
        StubbedJenkins jenkins = new StubbedJenkins(dir, shell);
        List<Executable> checks = new ArrayList<>();
        for (String value : HOSTILE) {
            jenkins.jenkins.set("v", value);
            jenkins.run("withMlops(stateDir: v, region: v) { mlopsBuild(pipeline: v, data: v, params: [k: v], commit: v,"
                    + " timeout: v, attach: v) }");
            List<String> build = jenkins.cli.lastCall();
            jenkins.run("mlopsModels(action: 'approve', ref: 'g/1', reason: v, by: v)");
            List<String> approve = jenkins.lastCommand();
            checks.add(() -> assertEquals(expectedBuild(value), build, "value " + value));
            checks.add(() -> assertEquals(value.isEmpty() ? List.of("models", "approve", "--", "g/1")
                    : List.of("models", "approve", "--reason=" + value, "--by=" + value, "--", "g/1"), approve, "value " + value));
        }
        assertAll(checks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void rollbackReasonAndDesiredStateSettingsArriveIntact(String shell) {
        assumeTrue(Files.isExecutable(Path.of(shell)), shell + " is not installed");
        StubbedJenkins jenkins = new StubbedJenkins(dir, shell);
        List<Executable> checks = new ArrayList<>();
        for (String value : HOSTILE.stream().filter(v -> !v.isEmpty()).toList()) {
            jenkins.jenkins.set("v", value);
            jenkins.run("withMlops(deployRepo: v, deployBranch: v) { mlopsRollback(env: v, toVersion: v, reason: v, force: true) }");
            List<String> argv = jenkins.cli.lastCall();
            checks.add(() -> assertEquals(List.of("--deploy-repo=" + value, "--deploy-branch=" + value, "--output=json", "rollback",
                    "--env=" + value, "--to-version=" + value, "--reason=" + value, "--force"), argv, "value " + value));
        }
        assertAll(checks);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void positionalReferenceStaysOneArgumentAfterTheEndOfOptions(String shell) {
        assumeTrue(Files.isExecutable(Path.of(shell)), shell + " is not installed");
        StubbedJenkins jenkins = new StubbedJenkins(dir, shell);
        for (String value : List.of("--help", "-x", "g/1; echo pwned", "$(id)/2", "a b/3")) {
            jenkins.jenkins.set("v", value);
            jenkins.run("mlopsModels(action: 'describe', ref: v)");
            assertEquals(List.of("models", "describe", "--", value), jenkins.lastCommand());
        }
    }

    // Blank options count as not set; a blank pipeline parameter value is still a value.
    private static List<String> expectedBuild(String value) {
        if (value.isEmpty()) {
            return List.of("--output=json", "build", "--param=k=", "--on-abort=stop");
        }
        return List.of("--state-dir=" + value, "--region=" + value, "--output=json", "build", "--pipeline=" + value,
                "--data=" + value, "--param=k=" + value, "--commit=" + value, "--timeout=" + value, "--attach=" + value,
                "--on-abort=stop");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void injectionAttemptsRunNothing(String shell) throws Exception {
        assumeTrue(Files.isExecutable(Path.of(shell)), shell + " is not installed");
        StubbedJenkins jenkins = new StubbedJenkins(dir, shell);
        Path canary = dir.resolve("canary");
        String touch = "touch " + canary;
        List<String> attacks = List.of("$(" + touch + ")", "`" + touch + "`", "; " + touch, "' ; " + touch + " ; '",
                "\"; " + touch + "; \"", "x\n" + touch, "'$(" + touch + ")'", "x' \"$(" + touch + ")\" 'y");
        for (String attack : attacks) {
            jenkins.jenkins.set("v", attack);
            jenkins.run("mlopsReconcile(env: v)\nmlopsSmoke(env: 'staging', url: v)\nmlopsPromote(from: v, to: v, approvedBy: v)");
            assertFalse(Files.exists(canary), "the shell executed " + attack);
            assertEquals(List.of("promote", "--from=" + attack, "--to=" + attack, "--approved-by=" + attack), jenkins.lastCommand());
        }
        assertEquals(attacks.size() * 3, jenkins.cli.calls().size());
    }
}
