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
 * promote with the approver → prod → smoke, rolling prod back when its smoke test fails.
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
                .reply("rollback", 0, "{\"env\":\"prod\",\"version\":\"3\"}");
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
    void failedProductionSmokeTestRollsProdBack() throws IOException {
        ReportsTest.write(jenkins.workspace().resolve("reports/smoke-prod.xml"), ReportsTest.junit(1));
        jenkins.cli.reply("smoke-prod", 1, smoke("prod", false));
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals("FAILURE", jenkins.build().result());
        List<List<String>> commands = commands();
        assertEquals(List.of(List.of("smoke", "--env=prod"), List.of("rollback", "--env=prod")),
                commands.subList(commands.size() - 2, commands.size()));
        assertEquals(List.of("mlopsSmoke: 1 of 2 smoke tests failed on prod"), jenkins.build().errors);
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
        assertEquals(List.of("MODEL_PACKAGE_GROUP", "REASON", "MLOPS_BACKEND", "AWS_CREDENTIALS_ID", "MLOPS_STATE_DIR"),
                directives.get("parameters").stream().map(p -> ((Map<?, ?>) ((List<?>) p.get("args")).get(0)).get("name")).toList());
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

    private static String smoke(String env, boolean passed) {
        return "{\"env\":\"" + env + "\",\"version\":\"4\",\"passed\":" + passed + ",\"tests\":2,\"failures\":" + (passed ? 0 : 1)
                + ",\"junit_xml\":\"reports/smoke-" + env + ".xml\""
                + (passed ? "" : ",\"error\":{\"message\":\"1 of 2 smoke tests failed on " + env + "\",\"exit_code\":1}") + "}";
    }
}
