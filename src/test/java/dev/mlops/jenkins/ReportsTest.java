package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** mlopsBuild keeps its report and decides about the quality gate; mlopsSmoke publishes its JUnit XML. */
class ReportsTest {
    private static final String GATE_FAILED = "{\"status\":\"Failed\",\"report\":\".mlops/reports/e-1/report.html\","
            + "\"evaluation\":\".mlops/reports/e-1/evaluation.json\",\"quality_gate\":{\"passed\":false,"
            + "\"message\":\"auc 0.71 is below 0.80\"},\"error\":{\"message\":\"cannot register the model: the quality gate"
            + " failed: auc 0.71 is below 0.80\",\"exit_code\":1}}";

    @TempDir
    Path dir;
    StubbedJenkins jenkins;

    @BeforeEach
    void setUp() throws IOException {
        jenkins = new StubbedJenkins(dir);
        write(jenkins.workspace().resolve(".mlops/reports/e-1/report.html"), "<html>report</html>");
        write(jenkins.workspace().resolve(".mlops/reports/e-1/evaluation.json"), "{}");
    }

    @Test
    void passingBuildArchivesItsReportAndSaysTheGatePassed() {
        jenkins.cli.reply("build", 0, "{\"status\":\"Succeeded\",\"report\":\".mlops/reports/e-1/report.html\","
                + "\"evaluation\":\".mlops/reports/e-1/evaluation.json\",\"model_package\":{\"group\":\"g\",\"version\":4}}");
        Map<?, ?> result = (Map<?, ?>) jenkins.run("return mlopsBuild()");
        assertEquals(true, result.get("quality_gate_passed"));
        assertEquals(List.of(".mlops/reports/e-1/report.html", ".mlops/reports/e-1/evaluation.json"), result.get("archived"));
        assertEquals(List.of(".mlops/reports/e-1/report.html", ".mlops/reports/e-1/evaluation.json"), jenkins.build().archived);
    }

    @Test
    void failedQualityGateFailsTheStepByDefaultButTheReportIsKept() {
        jenkins.cli.reply("build", 1, GATE_FAILED);
        assertEquals("mlopsBuild: cannot register the model: the quality gate failed: auc 0.71 is below 0.80",
                jenkins.failure("mlopsBuild()"));
        assertEquals(2, jenkins.build().archived.size());
    }

    @Test
    void failedQualityGateIsReturnedWhenTheCallerDecides() {
        jenkins.cli.reply("build", 1, GATE_FAILED);
        Map<?, ?> result = (Map<?, ?>) jenkins.run("return mlopsBuild(failOnQualityGate: false)");
        assertEquals(false, result.get("quality_gate_passed"));
        assertEquals("auc 0.71 is below 0.80", result.get("quality_gate_message"));
        assertEquals("SUCCESS", jenkins.build().result(), "the caller decides what a failed gate means");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"status\":\"Failed\",\"steps\":[{\"name\":\"QualityGate\",\"status\":\"Failed\",\"failure_reason\":\"auc 0.71 < 0.80\"}]}",
        "{\"status\":\"Failed\",\"steps\":[{\"name\":\"CheckMetrics\",\"status\":\"Failed\",\"failure_reason\":\"quality gate: auc 0.71 < 0.80\"}]}",
        "{\"status\":\"Failed\",\"error\":{\"message\":\"quality_gate failed: auc 0.71 < 0.80\",\"exit_code\":1}}"})
    void qualityGateIsRecognisedFromAFailedGateStepOrMessage(String answer) {
        jenkins.cli.reply("build", 1, answer);
        Map<?, ?> result = (Map<?, ?>) jenkins.run("return mlopsBuild(failOnQualityGate: false)");
        assertEquals(false, result.get("quality_gate_passed"));
        assertTrue(result.get("quality_gate_message").toString().contains("auc 0.71"), result.toString());
    }

    @Test
    void reportOutsideTheWorkspaceIsCopiedInBeforeArchiving() throws IOException {
        Path report = write(dir.resolve("state dir/reports/report.html"), "<html>outside</html>");
        jenkins.cli.reply("build", 0, "{\"status\":\"Succeeded\",\"report\":\"" + report + "\"}");
        jenkins.run("mlopsBuild()");
        assertEquals(List.of("mlops-reports/report.html"), jenkins.build().archived);
        assertEquals("<html>outside</html>", Files.readString(jenkins.workspace().resolve("mlops-reports/report.html")));
    }

    /** On AWS the evaluation is an S3 URI: archiveArtifacts would find no such file and fail the build. */
    @Test
    void evaluationInS3IsNamedInTheLogNotArchived() {
        String evaluation = "s3://bucket/builds/predictive-maintenance-build/qk586grj7vvr/Evaluate/evaluation/evaluation.json";
        jenkins.cli.reply("build", 0, "{\"status\":\"Succeeded\",\"report\":\".mlops/reports/e-1/report.html\","
                + "\"evaluation\":\"" + evaluation + "\"}");
        Map<?, ?> result = (Map<?, ?>) jenkins.run("return mlopsBuild()");
        assertEquals(List.of(".mlops/reports/e-1/report.html"), jenkins.build().archived);
        assertEquals(evaluation, result.get("evaluation"));
        assertTrue(jenkins.build().log.contains("mlopsBuild: the evaluation is at " + evaluation + ", not archived"),
                jenkins.build().log.toString());
    }

    @Test
    void absoluteReportInsideTheWorkspaceIsArchivedWhereItIs() {
        Path report = jenkins.workspace().resolve(".mlops/reports/e-1/report.html");
        jenkins.cli.reply("build", 0, "{\"status\":\"Succeeded\",\"report\":\"" + report + "\"}");
        jenkins.run("mlopsBuild()");
        assertEquals(List.of(".mlops/reports/e-1/report.html"), jenkins.build().archived);
        assertEquals(1, jenkins.build().shellScripts.size(), "no copy needed");
    }

    @Test
    void stepsInsideDirWorkRelativeToThatDirectory() throws IOException {
        write(jenkins.workspace().resolve("model/.mlops/report.html"), "<html/>");
        jenkins.cli.reply("build", 0, "{\"status\":\"Succeeded\",\"report\":\"" + jenkins.workspace().resolve("model/.mlops/report.html") + "\"}");
        jenkins.run("dir('model') { mlopsBuild() }");
        assertEquals(List.of(".mlops/report.html"), jenkins.build().archived, "relative to the directory, as archiveArtifacts reads it");
        assertTrue(jenkins.build().shellScripts.get(0).contains("'" + jenkins.workspace() + "/model@tmp/mlops-"),
                jenkins.build().shellScripts.get(0));
    }

    @Test
    void noArchivingWhenTold() {
        jenkins.cli.reply("build", 0, "{\"status\":\"Succeeded\",\"report\":\".mlops/reports/e-1/report.html\"}");
        jenkins.run("mlopsBuild(archive: false)");
        assertEquals(List.of(), jenkins.build().archived);
    }

    @Test
    void passingSmokePublishesItsJunitAndReturnsTheSummary() throws IOException {
        write(jenkins.workspace().resolve("reports/smoke-staging.xml"), junit(0));
        jenkins.cli.reply("smoke", 0, "{\"env\":\"staging\",\"version\":\"3\",\"passed\":true,\"tests\":2,\"failures\":0,"
                + "\"junit_xml\":\"reports/smoke-staging.xml\"}");
        Map<?, ?> summary = (Map<?, ?>) jenkins.run("return mlopsSmoke(env: 'staging')");
        assertEquals(true, summary.get("passed"));
        assertEquals(List.of(new Build.JunitReport("reports/smoke-staging.xml", 2, 0)), jenkins.build().junit);
        assertEquals("SUCCESS", jenkins.build().result());
    }

    @Test
    void failingSmokePublishesItsJunitThenFails() throws IOException {
        write(jenkins.workspace().resolve("reports/smoke-prod.xml"), junit(1));
        jenkins.cli.reply("smoke", 1, "{\"env\":\"prod\",\"passed\":false,\"tests\":2,\"failures\":1,"
                + "\"junit_xml\":\"reports/smoke-prod.xml\",\"error\":{\"message\":\"1 of 2 smoke tests failed on prod\"}}");
        assertEquals("mlopsSmoke: 1 of 2 smoke tests failed on prod", jenkins.failure("mlopsSmoke(env: 'prod')"));
        assertEquals(List.of(new Build.JunitReport("reports/smoke-prod.xml", 2, 1)), jenkins.build().junit);
        assertEquals("UNSTABLE", jenkins.build().result(), "junit marks failed tests; the error then fails the build");
    }

    @Test
    void failingSmokeIsReturnedWhenTheCallerDecides() throws IOException {
        write(jenkins.workspace().resolve("reports/smoke-prod.xml"), junit(1));
        jenkins.cli.reply("smoke", 1, "{\"env\":\"prod\",\"passed\":false,\"junit_xml\":\"reports/smoke-prod.xml\"}");
        Map<?, ?> summary = (Map<?, ?>) jenkins.run("return mlopsSmoke(env: 'prod', failOnTestFailure: false)");
        assertEquals(false, summary.get("passed"));
        assertEquals("UNSTABLE", jenkins.build().result());
    }

    @Test
    void junitOutsideTheWorkspaceIsCopiedPerEnvironment() throws IOException {
        Path xml = write(dir.resolve("state/smoke/junit.xml"), junit(0));
        jenkins.cli.reply("smoke", 0, "{\"env\":\"prod\",\"passed\":true,\"junit_xml\":\"" + xml + "\"}");
        jenkins.run("mlopsSmoke(env: 'prod')");
        assertEquals("mlops-smoke/prod/junit.xml", jenkins.build().junit.get(0).file());
        assertFalse(jenkins.build().log.stream().anyMatch(line -> line.contains("ERROR")));
    }

    static String junit(int failures) {
        return "<testsuite name=\"smoke\" tests=\"2\" failures=\"" + failures + "\">"
                + "<testcase name=\"score\"/>"
                + "<testcase name=\"latency\">" + (failures > 0 ? "<failure message=\"slow\"/>" : "") + "</testcase>"
                + "</testsuite>";
    }

    static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }
}
