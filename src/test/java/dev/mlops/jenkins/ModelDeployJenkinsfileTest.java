package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * model-deploy/Jenkinsfile: approvals → staging → smoke → human gate (outside any agent) →
 * promote with the approver → prod → smoke; when the prod smoke run fails, prod is rolled back, reconciled
 * and checked to serve the previous version, and the build still fails.
 */
class ModelDeployJenkinsfileTest {
    private static final String JENKINSFILE = "model-deploy/Jenkinsfile";

    @TempDir
    Path dir;
    StubbedJenkins jenkins;

    @BeforeEach
    void setUp() throws IOException {
        jenkins = new StubbedJenkins(dir);
        jenkins.cli.reply("watch-approvals", 0, "{\"approved\":[{\"group\":\"end-to-end-ml-sm-model-package-group\",\"version\":4}]}")
                .reply("reconcile-staging", 0, reconciled("staging"))
                .reply("reconcile-prod", 0, reconciled("prod"))
                .reply("smoke-staging", 0, smoke("staging", true))
                .reply("smoke-prod", 0, smoke("prod", true))
                .reply("promote", 0, "{\"from\":\"staging\",\"to\":\"prod\",\"version\":\"4\"}")
                .reply("rollback", 0, "{\"env\":\"prod\",\"version\":\"3\",\"previous_version\":\"4\",\"rule\":\"served-before\"}")
                .reply("status", 0, status("Synced", "Healthy", "3"));
        ReportsTest.write(jenkins.workspace().resolve("reports/smoke-staging.xml"), ReportsTest.junit(0));
        ReportsTest.write(jenkins.workspace().resolve("reports/smoke-prod.xml"), ReportsTest.junit(0));
        jenkins.build().inputAnswer = request -> Map.of("APPROVER", "alice");
    }

    @Test
    void approvedVersionGoesThroughStagingTheGateAndProduction() {
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals("SUCCESS", jenkins.build().result(), jenkins.build().errors.toString());
        assertEquals(List.of(
                List.of("watch-approvals", "--group=end-to-end-ml-sm-model-package-group", "--once"),
                List.of("reconcile", "--env=staging", "--once", "--timeout=1h"),
                List.of("smoke", "--env=staging"),
                List.of("promote", "--from=staging", "--to=prod", "--approved-by=alice"),
                List.of("reconcile", "--env=prod", "--once", "--timeout=1h"),
                List.of("smoke", "--env=prod")), commands());
        assertEquals(List.of("stage Staging", "stage Watch approvals", "stage Reconcile staging", "stage Smoke staging",
                "stage Approve production", "input Approve production", "stage Production", "stage Promote",
                "stage Reconcile prod", "stage Smoke prod"), stagesAndInputs());
        assertEquals(List.of("reports/smoke-staging.xml", "reports/smoke-prod.xml"),
                jenkins.build().junit.stream().map(Build.JunitReport::file).toList());
    }

    @Test
    void productionGateWaitsOutsideAnyAgentForNamedApproversWithATimeout() {
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        InputRequest gate = jenkins.build().inputs.get(0);
        assertFalse(gate.insideNode(), "no executor may be held while a human decides");
        assertEquals(Optional.of("mlops-approvers"), gate.field("submitter"));
        assertEquals(Optional.of("APPROVER"), gate.field("submitterParameter"));
        assertEquals(Optional.of(Map.of("time", 24, "unit", "HOURS")), gate.timeout());
        assertTrue(jenkins.build().log.contains("Version 4 approved for production by alice"), jenkins.build().log.toString());
    }

    @Test
    void failedProductionSmokeTestRollsProdBackReconcilesAndVerifiesIt() throws IOException {
        failProdSmoke();
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals("FAILURE", jenkins.build().result(), "the release failed, even though prod is safe again");
        assertEquals(List.of(
                List.of("smoke", "--env=prod"),
                List.of("rollback", "--env=prod", "--reason=test-job #1: the prod smoke run failed: 1 of 2 smoke tests failed on 4"),
                List.of("reconcile", "--env=prod", "--once", "--timeout=1h"),
                List.of("status")), lastCommands(4));
        assertEquals(List.of("mlopsSmoke: 1 of 2 smoke tests failed on 4 in prod"), jenkins.build().errors);
        assertTrue(jenkins.build().log.contains("prod is back on 3 (from 4), Synced and Healthy"), jenkins.build().log.toString());
        assertEquals(List.of("reports/smoke-staging.xml", "reports/smoke-prod.xml"),
                jenkins.build().junit.stream().map(Build.JunitReport::file).toList(), "the failed cases are in the test results");
    }

    @Test
    void prodThatDoesNotServeThePreviousVersionAfterTheRollbackIsReportedAsNotSafe() throws IOException {
        failProdSmoke();
        jenkins.cli.reply("status", 0, status("Synced", "Degraded", "4"));
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals("FAILURE", jenkins.build().result());
        assertEquals(List.of("mlopsSmoke: 1 of 2 smoke tests failed on 4 in prod",
                "PROD IS NOT SAFE: rolling prod back after its failed smoke run did not complete: prod is Synced/Degraded"
                        + " serving 4, not 3: endpoint is InService. prod may still serve 4; see mlops status and mlops history"
                        + " --env prod"), jenkins.build().errors);
    }

    @Test
    void refusedRollbackIsReportedAsNotSafeAndNothingIsReconciled() throws IOException {
        failProdSmoke();
        jenkins.cli.reply("rollback", 1, "{\"error\":{\"message\":\"cannot roll back prod: it served no earlier version\","
                + "\"exit_code\":1}}");
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals("FAILURE", jenkins.build().result());
        assertEquals("rollback", lastCommands(1).get(0).get(0), "no reconcile of a rollback that was not committed");
        assertEquals("PROD IS NOT SAFE: rolling prod back after its failed smoke run did not complete: mlopsRollback: cannot"
                + " roll back prod: it served no earlier version. prod may still serve 4; see mlops status and mlops history"
                + " --env prod", jenkins.build().errors.get(jenkins.build().errors.size() - 1));
    }

    @Test
    void prodSmokeRunThatCannotRunRollsBackToo() {
        jenkins.cli.reply("smoke-prod", 70, "{\"error\":{\"message\":\"NullPointerException\",\"exit_code\":70}}");
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals("FAILURE", jenkins.build().result());
        assertEquals(List.of("rollback", "--env=prod", "--reason=test-job #1: the prod smoke run failed: it did not complete"),
                lastCommands(3).get(0));
    }

    @Test
    void failedStagingSmokeTestStopsBeforeTheGate() {
        jenkins.cli.reply("smoke-staging", 1, smoke("staging", false));
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals("FAILURE", jenkins.build().result());
        assertEquals(List.of(), jenkins.build().inputs, "nobody is asked to promote a failing version");
        assertEquals("smoke", commands().get(commands().size() - 1).get(0));
        assertTrue(jenkins.build().events.containsAll(List.of("skip Approve production", "skip Production")));
    }

    @Test
    void declinedGateStopsWithoutPromoting() {
        jenkins.build().inputAnswer = request -> {
            throw new InputAborted("Rejected by bob");
        };
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals("ABORTED", jenkins.build().result());
        assertTrue(commands().stream().noneMatch(command -> command.get(0).equals("promote")), commands().toString());
    }

    @Test
    void approvalEventParametersReachTheSteps() {
        jenkins.build().params.putAll(Map.of("MODEL_PACKAGE_GROUP", "churn", "REASON", "SageMaker Model Package State Change",
                "MLOPS_STATE_DIR", "/srv/mlops"));
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals(List.of("watch-approvals", "--group=churn", "--once"), commands().get(0));
        assertTrue(jenkins.build().log.contains("Started because: SageMaker Model Package State Change"));
        assertTrue(jenkins.cli.calls().stream().allMatch(argv -> argv.contains("--state-dir=/srv/mlops")),
                "every step, the rollback in post too, uses the same state");
    }

    @Test
    void triggeredByDesiredStateChangesAndApprovalEventsOneRunAtATime() {
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        Map<String, List<Map<String, Object>>> directives = jenkins.build().directives;
        assertEquals(List.of("pollSCM", "GenericTrigger"), directives.get("triggers").stream().map(t -> t.get("name")).toList());
        Map<?, ?> approvalTrigger = (Map<?, ?>) ((List<?>) directives.get("triggers").get(1).get("args")).get(0);
        assertEquals("^Approved$", approvalTrigger.get("regexpFilterExpression"));
        assertTrue(directives.get("options").stream().anyMatch(o -> o.get("name").equals("disableConcurrentBuilds")));
        assertEquals(List.of("MODEL_PACKAGE_GROUP", "REASON", "MLOPS_BACKEND", "AWS_CREDENTIALS_ID", "MLOPS_STATE_DIR",
                "DEPLOY_REPO", "DEPLOY_BRANCH", "GIT_CREDENTIALS_ID"),
                directives.get("parameters").stream().map(p -> ((Map<?, ?>) ((List<?>) p.get("args")).get(0)).get("name")).toList());
    }

    @Test
    void everyStepOfBothStagesSharesTheDesiredStateRepositoryAndItsCredential() throws IOException {
        failProdSmoke();
        jenkins.build().usernamePassword("model-deploy-git", "ci-bot", "t0ken");
        jenkins.build().params.putAll(Map.of("DEPLOY_REPO", "https://git.example.com/ml/model-deploy.git",
                "DEPLOY_BRANCH", "main", "GIT_CREDENTIALS_ID", "model-deploy-git"));
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        List<List<String>> calls = jenkins.cli.calls();
        assertEquals(9, calls.size(), "every step, the rollback, its reconcile and the check too: " + commands());
        for (int n = 1; n <= calls.size(); n++) {
            assertTrue(calls.get(n - 1).containsAll(List.of("--deploy-repo=https://git.example.com/ml/model-deploy.git",
                    "--deploy-branch=main")), calls.get(n - 1).toString());
            assertEquals(List.of("ci-bot", "t0ken"), jenkins.cli.gitVariables(n), "call " + n);
        }
    }

    private void failProdSmoke() throws IOException {
        ReportsTest.write(jenkins.workspace().resolve("reports/smoke-prod.xml"), ReportsTest.junit(1));
        jenkins.cli.reply("smoke-prod", 1, smoke("prod", false));
    }

    private List<List<String>> lastCommands(int count) {
        List<List<String>> commands = commands();
        return commands.subList(commands.size() - count, commands.size());
    }

    private List<List<String>> commands() {
        return jenkins.cli.calls().stream().map(argv -> argv.subList(argv.indexOf("--output=json") + 1, argv.size())).toList();
    }

    private List<String> stagesAndInputs() {
        return jenkins.build().events.stream().filter(e -> e.startsWith("stage ") || e.startsWith("input ")).toList();
    }

    private static String reconciled(String env) {
        return "{\"env\":\"" + env + "\",\"sync\":\"Synced\",\"health\":\"Healthy\",\"desired_version\":\"4\",\"live_version\":\"4\"}";
    }

    private static String status(String sync, String health, String prodVersion) {
        return "{\"environments\":[" + reconciled("staging") + ",{\"env\":\"prod\",\"sync\":\"" + sync + "\",\"health\":\""
                + health + "\",\"desired_version\":\"3\",\"live_version\":\"" + prodVersion
                + "\",\"message\":\"endpoint is InService\"}]}";
    }

    private static String smoke(String env, boolean passed) {
        return "{\"env\":\"" + env + "\",\"version\":\"4\",\"passed\":" + passed + ",\"tests\":2,\"failures\":" + (passed ? 0 : 1)
                + ",\"junit_xml\":\"reports/smoke-" + env + ".xml\""
                + (passed ? "" : ",\"error\":{\"message\":\"1 of 2 smoke tests failed on " + env + "\",\"exit_code\":1}") + "}";
    }
}
