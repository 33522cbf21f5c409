package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad step arguments fail the build with a message naming the parameter, before the CLI runs. */
class StepParametersTest {
    @TempDir
    Path dir;
    StubbedJenkins jenkins;

    @BeforeEach
    void setUp() {
        jenkins = new StubbedJenkins(dir);
    }

    private void assertRefused(String expected, String snippet) {
        assertEquals(expected, jenkins.failure(snippet));
        assertEquals(List.of(), jenkins.cli.calls(), "the CLI must not run");
    }

    @Test
    void unknownParameterIsNamedWithTheValidOnes() {
        assertRefused("cannot run mlopsBuild: unknown parameter 'pipline'; valid parameters: archive, attach, commit, data,"
                + " failOnQualityGate, onAbort, params, pipeline, timeout", "mlopsBuild(pipline: 'x')");
    }

    @Test
    void missingRequiredParameterIsNamed() {
        assertRefused("cannot run mlopsReconcile: missing required parameter 'env'; valid parameters: env, timeout",
                "mlopsReconcile()");
    }

    @Test
    void blankRequiredParameterCountsAsMissing() {
        assertRefused("cannot run mlopsPromote: missing required parameter 'to'; valid parameters: approvedBy, from, to",
                "mlopsPromote(from: 'staging', to: '  ')");
    }

    @Test
    void valueOutsideTheAllowedOnesIsRefused() {
        assertRefused("cannot run mlopsBuild: parameter 'onAbort' must be one of stop, leave, not 'kill'",
                "mlopsBuild(onAbort: 'kill')");
    }

    @Test
    void wrongTypesAreRefused() {
        assertRefused("cannot run mlopsBuild: parameter 'params' must be a map of names to values, not String",
                "mlopsBuild(params: 'eta=0.1')");
        assertRefused("cannot run mlopsWatchApprovals: parameter 'once' must be true or false, not String",
                "mlopsWatchApprovals(group: 'g', once: 'yes')");
        assertRefused("cannot run mlopsSmoke: parameter 'url' must be a string, not ArrayList",
                "mlopsSmoke(env: 'prod', url: ['a'])");
    }

    @Test
    void pipelineParameterNamesCannotHoldTheSeparator() {
        assertRefused("cannot run mlopsBuild: parameter 'params' has an invalid name 'a=b': names must be non-empty and contain no '='",
                "mlopsBuild(params: ['a=b': 1])");
    }

    @Test
    void stepWithoutParametersSaysSo() {
        assertRefused("cannot run mlopsStatus: unknown parameter 'verbose'; it takes no parameters",
                "mlopsStatus(verbose: true)");
    }

    @Test
    void withMlopsRefusesAnUnknownBackendBeforeItsBlockRuns() {
        assertRefused("cannot run withMlops: parameter 'backend' must be one of local, aws, not 'gcp'",
                "withMlops(backend: 'gcp') { mlopsStatus() }");
    }

    @Test
    void withMlopsRefusesAPasswordInTheRepositoryUrlWithoutShowingIt() {
        String message = jenkins.failure("withMlops(deployRepo: 'https://bot:hunter2@git.example.com/d.git') { mlopsStatus() }");
        assertEquals("cannot run withMlops: parameter 'deployRepo' has a password in its URL, which would be printed in the"
                + " build log; store it as a Jenkins credential and name it with gitCredentials", message);
        assertEquals(List.of(), jenkins.cli.calls(), "the CLI must not run");
        jenkins.run("withMlops(deployRepo: 'ssh://git@git.example.com/d.git') { mlopsStatus() }");
        assertEquals(1, jenkins.cli.calls().size(), "a user name alone is no secret");
    }

    @Test
    void withMlopsChecksTheGitCredentialKind() {
        assertRefused("cannot run withMlops: parameter 'gitCredentialsType' must be one of usernamePassword, secretText, not 'ssh'",
                "withMlops(gitCredentials: 'id', gitCredentialsType: 'ssh') { mlopsStatus() }");
        assertRefused("cannot run withMlops: parameter 'gitCredentialsType' needs gitCredentials (the credential's id)",
                "withMlops(gitCredentialsType: 'secretText') { mlopsStatus() }");
    }

    @Test
    void modelsChecksWhichParametersTheActionTakes() {
        assertRefused("cannot run mlopsModels: action 'list' needs group", "mlopsModels(action: 'list')");
        assertRefused("cannot run mlopsModels: action 'approve' takes ref, not group",
                "mlopsModels(action: 'approve', ref: 'g/1', group: 'g')");
        assertRefused("cannot run mlopsModels: action 'describe' takes no reason or by (only approve and reject do)",
                "mlopsModels(action: 'describe', ref: 'g/1', reason: 'why')");
    }

    @Test
    void forcedRollbackNeedsAVersionAndAReason() {
        String needs = "cannot run mlopsRollback: force needs toVersion (the version to force) and reason (recorded with the override)";
        assertRefused(needs, "mlopsRollback(env: 'prod', force: true)");
        assertRefused(needs, "mlopsRollback(env: 'prod', force: true, toVersion: '7')");
        assertRefused(needs, "mlopsRollback(env: 'prod', force: true, reason: 'INC-42')");
        assertRefused(needs, "mlopsRollback(env: 'prod', force: true, toVersion: '7', reason: '  ')");
        assertRefused("cannot run mlopsRollback: parameter 'force' must be true or false, not String",
                "mlopsRollback(env: 'prod', force: 'yes')");
    }

    @Test
    void emptyOptionalParameterMeansNotSet() {
        jenkins.run("mlopsBuild(pipeline: '', data: null)");
        assertEquals(List.of("build", "--on-abort=stop"), jenkins.lastCommand());
    }
}
