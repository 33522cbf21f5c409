package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact argv each step gives the CLI, as a real shell delivers it. */
class StepCommandLineTest {
    @TempDir
    Path dir;
    StubbedJenkins jenkins;

    @BeforeEach
    void setUp() {
        jenkins = new StubbedJenkins(dir);
    }

    @Test
    void buildPassesEveryOptionAttachedToItsName() {
        jenkins.build().env.put("GIT_COMMIT", "0123abc");
        jenkins.run("mlopsBuild(pipeline: 'pipelines/model-build.yaml', data: 's3://bucket/ai4i.csv',"
                + " params: [max_depth: 3, eta: '0.1'], timeout: '2h', onAbort: 'leave', attach: 'arn:aws:sagemaker:x')");
        assertEquals(List.of("build", "--pipeline=pipelines/model-build.yaml", "--data=s3://bucket/ai4i.csv",
                "--param=max_depth=3", "--param=eta=0.1", "--commit=0123abc", "--timeout=2h",
                "--attach=arn:aws:sagemaker:x", "--on-abort=leave"), jenkins.lastCommand());
    }

    @Test
    void buildStopsTheRemoteExecutionOnAbortByDefault() {
        jenkins.run("mlopsBuild()");
        assertEquals(List.of("build", "--on-abort=stop"), jenkins.lastCommand());
    }

    @Test
    void buildPrefersAnExplicitCommitToTheCheckedOutOne() {
        jenkins.build().env.put("GIT_COMMIT", "0123abc");
        jenkins.run("mlopsBuild(commit: 'feedbeef')");
        assertEquals(List.of("build", "--commit=feedbeef", "--on-abort=stop"), jenkins.lastCommand());
    }

    @Test
    void watchApprovalsLooksOnceByDefault() {
        jenkins.run("mlopsWatchApprovals(group: 'churn')");
        assertEquals(List.of("watch-approvals", "--group=churn", "--once"), jenkins.lastCommand());
        jenkins.run("mlopsWatchApprovals(group: 'churn', once: false, interval: '30s')");
        assertEquals(List.of("watch-approvals", "--group=churn", "--interval=30s"), jenkins.lastCommand());
    }

    @Test
    void reconcileRunsOnceAndWaitsUpToItsTimeout() {
        jenkins.run("mlopsReconcile(env: 'staging', timeout: '45m')");
        assertEquals(List.of("reconcile", "--env=staging", "--once", "--timeout=45m"), jenkins.lastCommand());
        jenkins.run("mlopsReconcile(env: 'prod')");
        assertEquals(List.of("reconcile", "--env=prod", "--once"), jenkins.lastCommand());
    }

    @Test
    void smokePassesItsTargetSuiteAndReportDir() {
        jenkins.run("mlopsSmoke(env: 'staging', url: 'http://127.0.0.1:8080', suite: 'tests/smoke/api.yaml', reportDir: 'reports')");
        assertEquals(List.of("smoke", "--env=staging", "--url=http://127.0.0.1:8080", "--suite=tests/smoke/api.yaml",
                "--report-dir=reports"), jenkins.lastCommand());
    }

    @Test
    void smokeInvokesTheEndpointDirectlyOnlyWhenAsked() {
        jenkins.run("mlopsSmoke(env: 'staging', direct: true)");
        assertEquals(List.of("smoke", "--env=staging", "--direct"), jenkins.lastCommand());
        jenkins.run("mlopsSmoke(env: 'staging', direct: false)");
        assertEquals(List.of("smoke", "--env=staging"), jenkins.lastCommand());
    }

    @Test
    void promoteRecordsTheApprover() {
        jenkins.run("mlopsPromote(from: 'staging', to: 'prod', approvedBy: 'alice')");
        assertEquals(List.of("promote", "--from=staging", "--to=prod", "--approved-by=alice"), jenkins.lastCommand());
    }

    @Test
    void rollbackTakesAnOptionalVersion() {
        jenkins.run("mlopsRollback(env: 'prod')");
        assertEquals(List.of("rollback", "--env=prod"), jenkins.lastCommand());
        jenkins.run("mlopsRollback(env: 'prod', toVersion: 7)");
        assertEquals(List.of("rollback", "--env=prod", "--to-version=7"), jenkins.lastCommand());
    }

    @Test
    void rollbackPassesItsReasonAndAForcedOverride() {
        jenkins.run("mlopsRollback(env: 'prod', reason: 'model-deploy #12: smoke run on prod failed')");
        assertEquals(List.of("rollback", "--env=prod", "--reason=model-deploy #12: smoke run on prod failed"),
                jenkins.lastCommand());
        jenkins.run("mlopsRollback(env: 'prod', toVersion: '7', force: true, reason: 'INC-42')");
        assertEquals(List.of("rollback", "--env=prod", "--to-version=7", "--reason=INC-42", "--force"), jenkins.lastCommand());
        jenkins.run("mlopsRollback(env: 'prod', force: false)");
        assertEquals(List.of("rollback", "--env=prod"), jenkins.lastCommand());
    }

    @Test
    void statusTakesNothing() {
        jenkins.run("mlopsStatus()");
        assertEquals(List.of("--output=json", "status"), jenkins.cli.lastCall());
    }

    @Test
    void modelsPutsTheReferenceAfterTheEndOfOptions() {
        jenkins.run("mlopsModels(action: 'list', group: 'churn')");
        assertEquals(List.of("models", "list", "--group=churn"), jenkins.lastCommand());
        jenkins.run("mlopsModels(action: 'approve', ref: 'churn/3', reason: 'AUC 0.93', by: 'alice')");
        assertEquals(List.of("models", "approve", "--reason=AUC 0.93", "--by=alice", "--", "churn/3"), jenkins.lastCommand());
        jenkins.run("mlopsModels(action: 'describe', ref: 'churn/3')");
        assertEquals(List.of("models", "describe", "--", "churn/3"), jenkins.lastCommand());
    }

    @Test
    void withMlopsSettingsBecomeGlobalOptions() {
        jenkins.run("withMlops(backend: 'aws', stateDir: '/var/lib/mlops', configFile: 'mlops.yaml', region: 'eu-west-1',"
                + " profile: 'ml', roleArn: 'arn:aws:iam::123456789012:role/mlops', endpointUrl: 'http://127.0.0.1:4566') {"
                + " mlopsStatus() }");
        assertEquals(List.of("--backend=aws", "--state-dir=/var/lib/mlops", "--config=mlops.yaml", "--region=eu-west-1",
                "--profile=ml", "--role-arn=arn:aws:iam::123456789012:role/mlops", "--endpoint-url=http://127.0.0.1:4566",
                "--output=json", "status"), jenkins.cli.lastCall());
    }

    @Test
    void innerWithMlopsOverridesTheOuterOneOnlyInsideItsBlock() {
        jenkins.run("""
                withMlops(backend: 'aws', region: 'eu-west-1') {
                    mlopsStatus()
                    withMlops(region: 'us-east-1', stateDir: '/inner') { mlopsStatus() }
                    mlopsStatus()
                }
                mlopsStatus()""");
        List<String> outer = List.of("--backend=aws", "--region=eu-west-1", "--output=json", "status");
        assertEquals(List.of(outer,
                List.of("--backend=aws", "--state-dir=/inner", "--region=us-east-1", "--output=json", "status"),
                outer,
                List.of("--output=json", "status")), jenkins.cli.calls());
    }

    @Test
    void withMlopsReturnsTheValueOfItsBlock() {
        jenkins.cli.reply("status", 0, "{\"ok\":true}");
        assertEquals(java.util.Map.of("ok", true), jenkins.run("return withMlops(backend: 'local') { mlopsStatus() }"));
    }

    @Test
    void launcherComesFromWithMlops() {
        jenkins.build().env.remove("MLOPS_LAUNCHER");
        jenkins.jenkins.set("launcher", jenkins.cli.launcher());
        jenkins.run("withMlops(launcher: launcher) { mlopsStatus() }");
        assertTrue(jenkins.build().shellScripts.get(0).startsWith("exec '" + dir.resolve("stub cli'\"'\"'s dir/mlops") + "' "),
                jenkins.build().shellScripts.get(0));
    }

    @Test
    void credentialsReachTheCliAsAwsVariablesOnlyInsideTheBlock() {
        jenkins.build().awsCredentials("mlops-aws", "AKIAEXAMPLEKEY", "s3cr3t/with'quote");
        jenkins.run("withMlops(credentials: 'mlops-aws') { mlopsStatus() }\nmlopsStatus()");
        assertEquals(List.of("AKIAEXAMPLEKEY", "s3cr3t/with'quote"), jenkins.cli.awsVariables(1));
        assertEquals(List.of("", ""), jenkins.cli.awsVariables(2));
        assertTrue(jenkins.build().shellScripts.stream().noneMatch(script -> script.contains("s3cr3t")),
                "the secret must never be part of a command line");
    }

    @Test
    void desiredStateRepositoryAndBranchBecomeGlobalOptions() {
        jenkins.run("withMlops(stateDir: '/srv/mlops', deployRepo: 'https://git.example.com/ml/model-deploy.git',"
                + " deployBranch: 'release/prod') { mlopsRollback(env: 'prod', reason: 'smoke failed') }");
        assertEquals(List.of("--state-dir=/srv/mlops", "--deploy-repo=https://git.example.com/ml/model-deploy.git",
                "--deploy-branch=release/prod", "--output=json", "rollback", "--env=prod", "--reason=smoke failed"),
                jenkins.cli.lastCall());
    }

    @Test
    void agentEnvironmentNamesTheDesiredStateWhenWithMlopsDoesNot() {
        jenkins.build().env.putAll(java.util.Map.of("MLOPS_DEPLOY_REPO", "/srv/model-deploy.git", "MLOPS_DEPLOY_BRANCH", "main"));
        jenkins.run("mlopsStatus()\nwithMlops(deployBranch: 'hotfix') { mlopsStatus() }");
        assertEquals(List.of(
                List.of("--deploy-repo=/srv/model-deploy.git", "--deploy-branch=main", "--output=json", "status"),
                List.of("--deploy-repo=/srv/model-deploy.git", "--deploy-branch=hotfix", "--output=json", "status")),
                jenkins.cli.calls());
    }

    @Test
    void usernamePasswordGitCredentialReachesTheCliOnlyInsideTheBlock() {
        jenkins.build().usernamePassword("deploy-repo-git", "ci-bot", "ghp_t0ken'$(id)");
        jenkins.run("withMlops(deployRepo: 'https://git.example.com/d.git', gitCredentials: 'deploy-repo-git') { mlopsStatus() }"
                + "\nmlopsStatus()");
        assertEquals(List.of("ci-bot", "ghp_t0ken'$(id)"), jenkins.cli.gitVariables(1));
        assertEquals(List.of("", ""), jenkins.cli.gitVariables(2));
        assertNeverShown("ghp_t0ken");
    }

    @Test
    void secretTextGitCredentialIsTheTokenWithTheCliDefaultUser() {
        jenkins.build().secretText("deploy-repo-token", "glpat-s3cr3t");
        jenkins.run("withMlops(gitCredentials: 'deploy-repo-token', gitCredentialsType: 'secretText') { mlopsStatus() }");
        assertEquals(List.of("", "glpat-s3cr3t"), jenkins.cli.gitVariables(1));
        assertNeverShown("glpat-s3cr3t");
    }

    @Test
    void awsAndGitCredentialsAreBoundTogether() {
        jenkins.build().awsCredentials("mlops-aws", "AKIAEXAMPLEKEY", "aws-s3cr3t");
        jenkins.build().usernamePassword("deploy-repo-git", "ci-bot", "git-s3cr3t");
        jenkins.run("withMlops(credentials: 'mlops-aws', gitCredentials: 'deploy-repo-git') { mlopsStatus() }");
        assertEquals(List.of("AKIAEXAMPLEKEY", "aws-s3cr3t"), jenkins.cli.awsVariables(1));
        assertEquals(List.of("ci-bot", "git-s3cr3t"), jenkins.cli.gitVariables(1));
    }

    @Test
    void gitCredentialOfAnotherKindFailsBeforeTheBlockRuns() {
        jenkins.build().secretText("deploy-repo-token", "glpat-s3cr3t");
        assertEquals("Credentials 'deploy-repo-token' is of type 'Secret text' where 'Username with password' was expected",
                jenkins.failure("withMlops(gitCredentials: 'deploy-repo-token') { mlopsStatus() }"));
        assertEquals(List.of(), jenkins.cli.calls());
    }

    private void assertNeverShown(String secret) {
        assertTrue(jenkins.build().shellScripts.stream().noneMatch(script -> script.contains(secret)),
                "the secret must never be part of a command line");
        assertTrue(jenkins.build().log.stream().noneMatch(line -> line.contains(secret)), "the secret must never be logged");
    }

    @Test
    void unknownCredentialsFailBeforeTheBlockRuns() {
        String message = jenkins.failure("withMlops(credentials: 'nope') { mlopsStatus() }");
        assertEquals("Could not find credentials entry with ID 'nope'", message);
        assertEquals(List.of(), jenkins.cli.calls());
    }
}
