package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCmdTest {
    static final String SMALL = "generated://ai4i?rows=10000&seed=42";

    @TempDir
    Path state;

    @Test
    void buildRegistersVersionOneThenTwoWithIdenticalMetrics() throws Exception {
        CliRun first = build("--data", SMALL);
        assertEquals(0, first.exitCode(), first.err());
        Map<String, Object> result = first.json();
        assertEquals("Succeeded", result.get("status"));
        assertEquals(List.of("Preprocess", "Train", "Evaluate", "QualityGate", "Register"),
                steps(result).stream().map(s -> s.get("name")).toList());
        assertEquals(Map.of("passed", true), result.get("quality_gate"));
        Map<?, ?> pkg = (Map<?, ?>) result.get("model_package");
        assertEquals(1, pkg.get("version"));
        assertEquals(pkg.get("group") + "/1", pkg.get("ref"), "a version named on its own is group/version");
        assertEquals("PendingManualApproval", pkg.get("approval_status"));
        assertEquals("end-to-end-ml-sm-model-package-group", pkg.get("group"));
        Map<?, ?> metrics = (Map<?, ?>) result.get("metrics");
        assertTrue(((Number) metrics.get("auc")).doubleValue() > 0.8, metrics.toString());
        Path report = Path.of((String) result.get("report"));
        String html = Files.readString(report);
        assertTrue(html.contains("ROC curve") && html.contains("Confusion matrix") && html.contains("Feature importance"));
        assertTrue(Files.readString(Path.of((String) result.get("evaluation"))).contains("\"binary_classification_metrics\""));
        assertTrue(first.err().contains("Preprocess") && first.err().contains("Succeeded in"), first.err());

        // the same commit again is a new build only as a new attempt; the same attempt reports version 1 (BuildRerunTest)
        CliRun second = build("--data", SMALL, "--attempt", "2");
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(2, ((Map<?, ?>) second.json().get("model_package")).get("version"));
        assertEquals(metrics, second.json().get("metrics"), "same data, seed and parameters give the same metrics");
    }

    @Test
    void buildRecordsTheCommitOnExecutionAndPackage() {
        CliRun run = build("--data", SMALL, "--commit", "0123456789abcdef0123456789abcdef01234567");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("0123456789abcdef0123456789abcdef01234567", run.json().get("commit"));
        CliRun describe = CliRun.of("--state-dir", state.toString(), "--output", "json", "models", "describe",
                "end-to-end-ml-sm-model-package-group/1");
        assertEquals("0123456789abcdef0123456789abcdef01234567", describe.json().get("source_commit"));
        assertEquals(run.json().get("execution_id"), describe.json().get("execution_id"));
    }

    @Test
    void failingQualityGateFailsWithReasonAndRegistersNothing() {
        CliRun run = build("--data", SMALL, "--param", "min_auc=0.9999");
        assertEquals(1, run.exitCode(), run.err());
        Map<String, Object> result = run.json();
        assertEquals("Failed", result.get("status"));
        Map<String, Object> last = steps(result).get(steps(result).size() - 1);
        assertEquals("GateFailed", last.get("name"));
        assertTrue(((String) last.get("failure_reason")).contains("auc"), last.toString());
        assertEquals(false, ((Map<?, ?>) result.get("quality_gate")).get("passed"));
        assertFalse(result.containsKey("model_package"));
        CliRun list = CliRun.of("--state-dir", state.toString(), "--output", "json", "models", "list", "--group",
                "end-to-end-ml-sm-model-package-group");
        assertEquals(List.of(), list.json().get("model_packages"));
    }

    @Test
    void gateChecksRecallAndF1AndNamesEveryFailedConditionWithValueAndBound() {
        // 300 rows: too few failures to learn from; the model flags none correctly (recall 0).
        CliRun run = build("--data", "generated://ai4i?rows=300&seed=42");
        assertEquals(1, run.exitCode(), run.err());
        Map<?, ?> gate = (Map<?, ?>) run.json().get("quality_gate");
        assertEquals(false, gate.get("passed"));
        assertEquals("quality gate failed: auc 0.4561 is below the minimum 0.95; recall 0 is below the minimum 0.7;"
                + " f1 0 is below the minimum 0.8", gate.get("message"));
        assertFalse(run.json().containsKey("model_package"));
    }

    @Test
    void modelPredictingOneClassFailsTheGateWithThatReason() throws Exception {
        // a threshold no score of the test split exceeds
        Path spec = withThreshold("0.999");
        CliRun run = build("--pipeline", spec.toString(), "--data", "generated://ai4i?rows=300&seed=1", "--param",
                "min_auc=0", "--param", "min_recall=0", "--param", "min_f1=0");
        assertEquals(1, run.exitCode(), run.err());
        String message = (String) ((Map<?, ?>) run.json().get("quality_gate")).get("message");
        assertEquals("quality gate failed: the model predicts a single class (0) for all 60 rows of the test split:"
                + " predicted_positives 0 is below the minimum 1", message);
        assertFalse(run.json().containsKey("model_package"));
    }

    @Test
    void thresholdRuleThatNoThresholdSatisfiesFailsTheGateWithThatReason() throws Exception {
        Path spec = withThreshold("{rule: min_precision, precision: 1.0}");
        CliRun run = build("--pipeline", spec.toString(), "--data", "generated://ai4i?rows=300&seed=5", "--param",
                "min_auc=0", "--param", "min_recall=0", "--param", "min_f1=0");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("quality gate failed: threshold rule min_precision 1.0 is not satisfied: no threshold reaches"
                + " precision 1.0 on the validation split (the best is 0.5000)",
                ((Map<?, ?>) run.json().get("quality_gate")).get("message"));
        assertFalse(run.json().containsKey("model_package"));
    }

    /** The shipped spec with another evaluation.threshold. */
    private Path withThreshold(String threshold) throws Exception {
        return Files.writeString(state.resolve("threshold.yaml"), Files.readString(Path.of("pipelines", "model-build.yaml"))
                .replace("  threshold: {rule: max_f1}", "  threshold: " + threshold));
    }

    @Test
    void gateTakesMaximaAndCountsFromTheSpec() throws Exception {
        Path spec = state.resolve("bounded.yaml");
        Files.writeString(spec, Files.readString(Path.of("pipelines", "model-build.yaml")).replace(
                "    - metric: f1\n      min: ${min_f1}\n", "    - metric: f1\n      min: ${min_f1}\n"
                        + "    - metric: accuracy\n      max: 0.95\n    - metric: false_positives\n      max: 1\n"));
        CliRun run = build("--pipeline", spec.toString(), "--data", SMALL);
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("quality gate failed: accuracy 0.9925 is above the maximum 0.95; false_positives 2 is above the maximum 1",
                ((Map<?, ?>) run.json().get("quality_gate")).get("message"));
    }

    @Test
    void nonNumericCellNamesRowAndColumnAndExitsTwo() throws Exception {
        Path data = state.resolve("bad.csv");
        CliRun generate = CliRun.of("data", "generate", "--rows", "200", "--seed", "1", "--out", data.toString());
        assertEquals(0, generate.exitCode(), generate.err());
        List<String> lines = Files.readAllLines(data);
        lines.set(5, lines.get(5).replaceFirst(",(\\d+\\.\\d),", ",hot,"));
        Files.write(data, lines);
        CliRun run = build("--data", data.toString());
        assertEquals(2, run.exitCode(), run.err());
        String reason = (String) steps(run.json()).get(0).get("failure_reason");
        assertTrue(reason.contains("Air temperature [K]") && reason.contains("row"), reason);
        assertFalse(run.err().contains("at dev.mlops"), "no stack trace for a user error: " + run.err());
    }

    @Test
    void missingColumnIsNamed() throws Exception {
        Path data = state.resolve("no-torque.csv");
        CliRun.of("data", "generate", "--rows", "200", "--seed", "1", "--out", data.toString());
        List<String> lines = Files.readAllLines(data).stream()
                .map(l -> String.join(",", dropField(l.split(","), 6))).toList();
        Files.write(data, lines);
        CliRun run = build("--data", data.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("missing required column 'Torque [Nm]'"), run.err());
    }

    @Test
    void recordsHeadOfTheRepositoryHoldingThePipeline() throws Exception {
        Path repo = state.resolve("model-build-repo");
        Files.createDirectories(repo.resolve("pipelines"));
        Files.copy(Path.of("pipelines", "model-build.yaml"), repo.resolve("pipelines").resolve("model-build.yaml"));
        String head;
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile()).call()) {
            git.add().addFilepattern(".").call();
            head = git.commit().setMessage("seed").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com")
                    .setSign(false).call().getName();
        }
        CliRun run = build("--pipeline", repo.resolve("pipelines/model-build.yaml").toString(), "--data", SMALL);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(head, run.json().get("commit"));
    }

    private static String[] dropField(String[] fields, int index) {
        List<String> kept = new java.util.ArrayList<>(List.of(fields));
        kept.remove(index);
        return kept.toArray(String[]::new);
    }

    @Test
    void unknownParamListsValidNamesAndExitsTwo() {
        CliRun run = build("--param", "depth=4");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("valid parameters are: input_data"), run.err());
        assertTrue(run.json().containsKey("error"));
    }

    @Test
    void wrongFlagIsAUsageError() {
        CliRun run = CliRun.of("--state-dir", state.toString(), "build", "--dta", "x");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--dta"), run.err());
    }

    @Test
    void buildsOnTheRealDatasetWhenPresent() {
        Path real = Path.of("..", "shared", "data", "ai4i2020.csv");
        Assumptions.assumeTrue(Files.exists(real), "the real AI4I file is not at ../shared/data; skipped");
        CliRun run = build("--data", real.toString());
        assertEquals(0, run.exitCode(), run.err());
        Map<?, ?> metrics = (Map<?, ?>) run.json().get("metrics");
        double auc = ((Number) metrics.get("auc")).doubleValue();
        assertTrue(auc > 0.85, "AUC on the real data: " + auc);
        assertEquals(Map.of("passed", true), run.json().get("quality_gate"), "the shipped gate passes the real data: " + metrics);
    }

    private CliRun build(String... args) {
        String[] build = new String[args.length + 1];
        build[0] = "build";
        System.arraycopy(args, 0, build, 1, args.length);
        return CliRun.json(state, build);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> steps(Map<String, Object> result) {
        return (List<Map<String, Object>>) result.get("steps");
    }
}
