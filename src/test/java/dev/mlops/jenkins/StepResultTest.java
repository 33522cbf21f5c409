package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's JSON becomes a plain Map; exit codes 1, 2, 3, 70 and launcher problems fail the build with a useful message. */
class StepResultTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    StubbedJenkins jenkins;

    @BeforeEach
    void setUp() {
        jenkins = new StubbedJenkins(dir);
    }

    @Test
    void resultIsAPlainMapThatSurvivesACheckpoint() throws Exception {
        Map<String, Object> answer = Map.of("env", "staging", "sync", "Synced", "health", "Healthy",
                "message", "line1\nline2 $(rm -rf /) `id` \"q\" 'a' é€",
                "history", List.of(Map.of("version", 3, "live", true), Map.of("version", 2, "live", false)));
        jenkins.cli.reply("reconcile", 0, JSON.writeValueAsString(answer));
        Object result = jenkins.run("return mlopsReconcile(env: 'staging')");
        assertEquals(answer, result);
        assertOnlyPlainCollections(result);
        assertEquals(answer, roundTrip(result), "a CPS checkpoint serialises the step's result");
    }

    @Test
    void decimalsStayExact() {
        jenkins.cli.reply("build", 0, "{\"status\":\"Succeeded\",\"metrics\":{\"auc\":0.9312,\"recall\":1.0}}");
        Map<?, ?> metrics = (Map<?, ?>) ((Map<?, ?>) jenkins.run("return mlopsBuild()")).get("metrics");
        assertEquals(new BigDecimal("0.9312"), metrics.get("auc"));
    }

    @Test
    void failedWorkFailsTheBuildWithTheCliMessage() {
        jenkins.cli.reply("reconcile", 1, "{\"error\":{\"message\":\"cannot deploy staging: the update rolled back"
                + " (alarm latency-p99)\",\"exit_code\":1}}");
        assertEquals("mlopsReconcile: cannot deploy staging: the update rolled back (alarm latency-p99)",
                jenkins.failure("mlopsReconcile(env: 'staging')"));
    }

    @Test
    void failedWorkWithoutAMessagePointsToTheLog() {
        jenkins.cli.reply("promote", 1, "{}");
        assertEquals("mlopsPromote: the work failed (mlops exit code 1) without a message; see the log above",
                jenkins.failure("mlopsPromote(from: 'staging', to: 'prod')"));
    }

    @Test
    void inputErrorSaysTheCliRejectedTheRequest() {
        jenkins.cli.reply("build", 2, "{\"error\":{\"message\":\"cannot read pipelines/x.yaml: line 3, column 5:"
                + " unknown field 'stepz'\",\"exit_code\":2}}");
        assertEquals("mlopsBuild: the mlops CLI rejected the request: cannot read pipelines/x.yaml: line 3, column 5:"
                + " unknown field 'stepz'", jenkins.failure("mlopsBuild(pipeline: 'pipelines/x.yaml')"));
    }

    @Test
    void buildStillRunningTellsHowToAttach() {
        String arn = "arn:aws:sagemaker:eu-west-1:123456789012:pipeline/p/execution/e-1";
        jenkins.cli.reply("build", 3, "{\"execution_id\":\"e-1\",\"execution_arn\":\"" + arn + "\",\"status\":\"Executing\","
                + "\"error\":{\"message\":\"the time-out of 2h expired while the execution goes on\",\"exit_code\":3}}");
        assertEquals("mlopsBuild: still running: the time-out of 2h expired while the execution goes on; attach to it with"
                + " mlopsBuild(attach: '" + arn + "') or mlops build --attach " + arn, jenkins.failure("mlopsBuild(timeout: '2h')"));
    }

    @Test
    void reconcileNotConvergedTellsHowToKeepWaiting() {
        jenkins.cli.reply("reconcile", 3, "{\"env\":\"prod\",\"sync\":\"Synced\",\"health\":\"Progressing\"}");
        assertEquals("mlopsReconcile: still running: the time-out of this step expired while the remote work goes on;"
                + " the deployment goes on; run mlopsReconcile(env: 'prod') again to keep waiting for it",
                jenkins.failure("mlopsReconcile(env: 'prod', timeout: '5m')"));
    }

    @Test
    void missingLauncherSaysWhereToSetIt() {
        jenkins.build().env.put("MLOPS_LAUNCHER", dir.resolve("nowhere/mlops").toString());
        assertEquals("cannot run mlopsStatus: the mlops launcher was not found or is not executable (exit code 127);"
                + " put mlops on the agent's PATH or set withMlops(launcher: '/path/to/mlops')", jenkins.failure("mlopsStatus()"));
    }

    @Test
    void successWithoutJsonIsAnError() {
        jenkins.cli.reply("status", 0, "all good\n");
        assertEquals("cannot read the result of mlopsStatus: the mlops CLI printed no JSON object on its standard output",
                jenkins.failure("mlopsStatus()"));
    }

    @Test
    void internalErrorFailsTheBuildAsABugNeverAsStillRunning() {
        String bug = "{\"error\":{\"message\":\"NullPointerException: config\",\"exit_code\":70,\"kind\":\"INTERNAL\"}}";
        jenkins.cli.reply("reconcile", 70, bug).reply("smoke", 70, bug);
        assertEquals("mlopsReconcile: internal error in the mlops CLI (exit code 70, a bug in mlops, not a failure of the work):"
                + " NullPointerException: config; run it again with MLOPS_DEBUG=1 for the stack trace and report it",
                jenkins.failure("mlopsReconcile(env: 'prod', timeout: '5m')"));
        assertTrue(jenkins.failure("mlopsSmoke(env: 'prod', failOnTestFailure: false)")
                .startsWith("mlopsSmoke: internal error in the mlops CLI"), "a crash is not a failed smoke test to tolerate");
    }

    @Test
    void processKilledBySignalIsNamed() {
        jenkins.cli.reply("status", 143, "");
        assertEquals("mlopsStatus: the mlops CLI ended with exit code 143 (signal 15); see the log above",
                jenkins.failure("mlopsStatus()"));
    }

    @Test
    void failedPipelineStepIsNotMistakenForTheQualityGate() {
        jenkins.cli.reply("build", 1, "{\"status\":\"Failed\",\"steps\":[{\"name\":\"Processing\",\"status\":\"Succeeded\"},"
                + "{\"name\":\"Training\",\"status\":\"Failed\",\"failure_reason\":\"AlgorithmError: out of memory\"}]}");
        assertEquals("mlopsBuild: Training: AlgorithmError: out of memory", jenkins.failure("mlopsBuild(failOnQualityGate: false)"));
    }

    private static void assertOnlyPlainCollections(Object value) {
        if (value instanceof Map<?, ?> map) {
            assertInstanceOf(HashMap.class, map, "JsonSlurperClassic maps, not LazyMap: " + map.getClass());
            map.values().forEach(StepResultTest::assertOnlyPlainCollections);
        } else if (value instanceof List<?> list) {
            assertInstanceOf(ArrayList.class, list);
            list.forEach(StepResultTest::assertOnlyPlainCollections);
        } else {
            assertTrue(value == null || value instanceof java.io.Serializable, String.valueOf(value));
        }
    }

    private static Object roundTrip(Object value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}
