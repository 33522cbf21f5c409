package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** model-build/Jenkinsfile: push-triggered build, quality gate → UNSTABLE, other failures → FAILURE. */
class ModelBuildJenkinsfileTest {
    private static final String JENKINSFILE = "model-build/Jenkinsfile";
    private static final String REPORTS = "\"report\":\".mlops/reports/e-7/report.html\",\"evaluation\":\".mlops/reports/e-7/evaluation.json\"";

    @TempDir
    Path dir;
    StubbedJenkins jenkins;

    @BeforeEach
    void setUp() throws IOException {
        jenkins = new StubbedJenkins(dir);
        jenkins.build().env.put("GIT_COMMIT", "9fceb02d0ae598e95dc970b74767f19372d61af8");
        ReportsTest.write(jenkins.workspace().resolve(".mlops/reports/e-7/report.html"), "<html/>");
        ReportsTest.write(jenkins.workspace().resolve(".mlops/reports/e-7/evaluation.json"), "{}");
    }

    @Test
    void pushesTriggerTheBuildWithPollingAsTheFallback() {
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        List<Map<String, Object>> triggers = jenkins.build().directives.get("triggers");
        assertEquals(List.of("githubPush", "pollSCM"), triggers.stream().map(t -> t.get("name")).toList());
        assertEquals(List.of("H/5 * * * *"), triggers.get(1).get("args"));
    }

    @Test
    void passingBuildRegistersTheModelAndKeepsItsResult() throws IOException {
        jenkins.cli.reply("build", 0, "{\"execution_id\":\"e-7\",\"status\":\"Succeeded\",\"metrics\":{\"auc\":0.93},"
                + "\"model_package\":{\"group\":\"end-to-end-ml-sm-model-package-group\",\"version\":4,"
                + "\"approval_status\":\"PendingManualApproval\"}," + REPORTS + "}");
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals("SUCCESS", jenkins.build().result());
        assertEquals(List.of("--backend=local", "--output=json", "build", "--pipeline=pipelines/model-build.yaml",
                "--commit=9fceb02d0ae598e95dc970b74767f19372d61af8", "--timeout=3h", "--on-abort=stop"), jenkins.cli.lastCall());
        assertEquals(List.of(".mlops/reports/e-7/report.html", ".mlops/reports/e-7/evaluation.json", "mlops-build.json"),
                jenkins.build().archived);
        Map<?, ?> saved = new ObjectMapper().readValue(Files.readString(jenkins.workspace().resolve("mlops-build.json")), Map.class);
        assertEquals(4, ((Map<?, ?>) saved.get("model_package")).get("version"));
        assertEquals("end-to-end-ml-sm-model-package-group/4: Succeeded", jenkins.build().currentBuild.get("description").toString());
    }

    @Test
    void failedQualityGateMarksTheBuildUnstableAndKeepsTheReport() {
        jenkins.cli.reply("build", 1, "{\"execution_id\":\"e-7\",\"status\":\"Failed\"," + REPORTS + ","
                + "\"quality_gate\":{\"passed\":false,\"message\":\"auc 0.71 is below 0.80\"}}");
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals("UNSTABLE", jenkins.build().result());
        assertTrue(jenkins.build().log.contains("WARNING: quality gate failed, the model was not registered: auc 0.71 is below 0.80"),
                jenkins.build().log.toString());
        assertEquals(List.of(".mlops/reports/e-7/report.html", ".mlops/reports/e-7/evaluation.json", "mlops-build.json"),
                jenkins.build().archived);
    }

    @Test
    void failedPipelineStepFailsTheBuild() {
        jenkins.cli.reply("build", 1, "{\"status\":\"Failed\",\"steps\":[{\"name\":\"Training\",\"status\":\"Failed\","
                + "\"failure_reason\":\"AlgorithmError: out of memory\"}]}");
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals("FAILURE", jenkins.build().result());
        assertEquals(List.of("mlopsBuild: Training: AlgorithmError: out of memory"), jenkins.build().errors);
        assertEquals(List.of(), jenkins.build().archived, "no result to keep");
    }

    @Test
    void timedOutBuildFailsWithTheArnToAttachTo() {
        jenkins.cli.reply("build", 3, "{\"status\":\"Executing\",\"execution_arn\":\"arn:aws:sagemaker:r:1:pipeline/p/execution/e-7\"}");
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertEquals("FAILURE", jenkins.build().result());
        assertTrue(jenkins.build().errors.get(0).contains("mlopsBuild(attach: 'arn:aws:sagemaker:r:1:pipeline/p/execution/e-7')"),
                jenkins.build().errors.toString());
    }

    @Test
    void buildParametersSelectTheBackendCredentialsAndData() {
        jenkins.build().awsCredentials("mlops-aws", "AKIAKEY", "secret");
        jenkins.build().params.putAll(Map.of("MLOPS_BACKEND", "aws", "AWS_CREDENTIALS_ID", "mlops-aws",
                "TRAINING_DATA", "s3://bucket/ai4i2020.csv"));
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        List<String> argv = jenkins.cli.lastCall();
        assertEquals("--backend=aws", argv.get(0));
        assertTrue(argv.contains("--data=s3://bucket/ai4i2020.csv"), argv.toString());
        assertEquals(List.of("AKIAKEY", "secret"), jenkins.cli.awsVariables(1));
    }

    @Test
    void stateDirParameterPutsTheLocalRegistryWhereModelDeployFindsIt() {
        jenkins.build().params.put("MLOPS_STATE_DIR", "/srv/mlops");
        jenkins.jenkins.runJenkinsfile(JENKINSFILE);
        assertTrue(jenkins.cli.lastCall().contains("--state-dir=/srv/mlops"), jenkins.cli.lastCall().toString());
    }
}
