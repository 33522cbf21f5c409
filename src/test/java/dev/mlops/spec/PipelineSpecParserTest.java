package dev.mlops.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineSpecParserTest {
    static final Path SHIPPED = Path.of("pipelines", "model-build.yaml");
    static final Path WORKSHOP = Path.of("pipelines", "workshop.yaml");

    @TempDir
    Path dir;

    @Test
    void readsTheShippedSpecWithItsModelSettings() {
        PipelineSpec spec = PipelineSpecParser.read(SHIPPED);
        ResolvedPipeline resolved = ResolvedPipeline.resolve(spec, Map.of(), Optional.empty());
        assertEquals("predictive-maintenance-build", spec.name());
        assertEquals("end-to-end-ml-sm-model-package-group", resolved.modelPackageGroup());
        assertEquals("PendingManualApproval", resolved.approvalStatus());
        assertEquals(300, resolved.numRound());
        assertEquals(java.util.OptionalInt.of(30), resolved.earlyStoppingRounds());
        assertFalse(resolved.boosterParameters().containsKey("early_stopping_rounds"), "XGBoost4J takes it apart");
        assertEquals(5, resolved.hyperparameters().get("max_depth"));
        assertEquals(0.1, resolved.hyperparameters().get("eta"));
        assertEquals(3.0, resolved.hyperparameters().get("scale_pos_weight"));
        assertEquals("exact", resolved.hyperparameters().get("tree_method"));
        assertEquals(0.5, resolved.hyperparameters().get("base_score"));
        assertEquals(0.6, resolved.ratios().train());
        assertEquals(new PipelineSpec.Threshold("max_f1", 0.0), spec.evaluation().threshold());
        assertEquals(List.of("Power [W]", "Temperature difference [K]", "Strain [min Nm]"),
                spec.features().derived().stream().map(PipelineSpec.Derived::name).toList());
        assertEquals("test", spec.evaluation().split());
        assertEquals(java.util.List.of("H", "L", "M"), spec.features().categorical().get(0).categories());
        assertTrue(spec.training().hyperparameters().get("max_depth").isParameter());
    }

    @Test
    void parameterOverridesReachTheirFields() {
        PipelineSpec spec = PipelineSpecParser.read(SHIPPED);
        ResolvedPipeline resolved = ResolvedPipeline.resolve(spec, Map.of("max_depth", "5", "eta", "0.3",
                "min_recall", "0.2"), Optional.of("data.csv"));
        assertEquals(5, resolved.hyperparameters().get("max_depth"));
        assertEquals(0.3, resolved.hyperparameters().get("eta"));
        assertEquals(java.util.OptionalDouble.of(0.2), resolved.gate().get(1).min());
        assertEquals("PendingManualApproval", resolved.approvalStatus());
        assertEquals("data.csv", resolved.dataSource());
        assertEquals("data.csv", resolved.parameters().get("input_data"), "--data is the input_data parameter");
        assertEquals(java.util.List.copyOf(spec.parameters().keySet()), java.util.List.copyOf(resolved.parameters().values().keySet()));
    }

    @Test
    void malformedYamlNamesFileLineAndColumn() throws Exception {
        Path file = write("name: x\nsplit: [a, b\nfeatures: {}\n");
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file));
        assertTrue(e.getMessage().contains(file + ":"), e.getMessage());
        assertTrue(e.getMessage().matches(".*:\\d+:\\d+: malformed YAML.*"), e.getMessage());
    }

    @Test
    void unknownKeyIsNamedWithTheClosestValidOne() throws Exception {
        String text = Files.readString(SHIPPED).replace("    max_depth: ${max_depth}", "    max_dpth: ${max_depth}");
        Path file = write(text);
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file));
        assertTrue(e.getMessage().contains("unknown hyperparameter 'max_dpth'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'max_depth'"), e.getMessage());
        assertTrue(e.getMessage().contains(file + ":"), e.getMessage());
    }

    @Test
    void unknownTopLevelKeyIsNamed() throws Exception {
        Path file = write(Files.readString(SHIPPED).replace("registration:", "registraton:"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file));
        assertTrue(e.getMessage().contains("unknown key 'registraton' (did you mean 'registration'?)"), e.getMessage());
    }

    @Test
    void outOfRangeHyperparameterNamesFieldAndRange() throws Exception {
        Path file = write(Files.readString(SHIPPED).replace("    eta: ${eta}", "    eta: 1.5"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file));
        assertTrue(e.getMessage().contains("training.hyperparameters.eta: must be in [0, 1], found 1.5"), e.getMessage());
    }

    @Test
    void wrongTypeNamesTheField() throws Exception {
        Path file = write(Files.readString(SHIPPED).replace("    tree_method: exact", "    tree_method: exact\n    max_bin: lots"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file));
        assertTrue(e.getMessage().contains("training.hyperparameters.max_bin: expected a whole number, found 'lots'"),
                e.getMessage());
    }

    @Test
    void outOfRangeParameterDefaultIsCaughtAtParseTime() throws Exception {
        Path file = write(Files.readString(SHIPPED).replace("max_depth: {type: Integer, default: 5}",
                "max_depth: {type: Integer, default: 0}"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file));
        assertTrue(e.getMessage().contains("must be in [1, 64], found 0 (the default of parameter max_depth)"), e.getMessage());
    }

    @Test
    void outOfRangeOverrideNamesParameterFieldAndRange() {
        PipelineSpec spec = PipelineSpecParser.read(SHIPPED);
        InputException e = assertThrows(InputException.class,
                () -> ResolvedPipeline.resolve(spec, Map.of("max_depth", "-1"), Optional.empty()));
        assertTrue(e.getMessage().contains("parameter max_depth=-1"), e.getMessage());
        assertTrue(e.getMessage().contains("training.hyperparameters.max_depth"), e.getMessage());
        assertTrue(e.getMessage().contains("[1, 64]"), e.getMessage());
    }

    @Test
    void unknownParamListsTheValidNames() {
        PipelineSpec spec = PipelineSpecParser.read(SHIPPED);
        InputException e = assertThrows(InputException.class,
                () -> ResolvedPipeline.resolve(spec, Map.of("maxdepth", "4"), Optional.empty()));
        assertTrue(e.getMessage().contains("no such parameter (did you mean 'max_depth'?)"), e.getMessage());
        assertTrue(e.getMessage().contains("valid parameters are: input_data, train_ratio"), e.getMessage());
    }

    @Test
    void nonNumericParamIsRefused() {
        PipelineSpec spec = PipelineSpecParser.read(SHIPPED);
        InputException e = assertThrows(InputException.class,
                () -> ResolvedPipeline.resolve(spec, Map.of("eta", "fast"), Optional.empty()));
        assertTrue(e.getMessage().contains("cannot set parameter 'eta' to 'fast': expected a number"), e.getMessage());
    }

    @Test
    void ratiosMustAddUpToOne() {
        PipelineSpec spec = PipelineSpecParser.read(SHIPPED);
        InputException e = assertThrows(InputException.class,
                () -> ResolvedPipeline.resolve(spec, Map.of("train_ratio", "0.9"), Optional.empty()));
        assertTrue(e.getMessage().contains("must add up to 1"), e.getMessage());
    }

    @Test
    void referenceToUndeclaredParameterIsNamed() throws Exception {
        Path file = write(Files.readString(SHIPPED).replace("    gamma: ${gamma}", "    gamma: ${gama}"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file));
        assertTrue(e.getMessage().contains("unknown parameter 'gama' (did you mean 'gamma'?)"), e.getMessage());
    }

    @Test
    void parameterOfWrongTypeCannotBindToANumber() throws Exception {
        Path file = write(Files.readString(SHIPPED).replace("    gamma: ${gamma}", "    gamma: ${training_instance_type}"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file));
        assertTrue(e.getMessage().contains("is of type String, which cannot be used for a number field"), e.getMessage());
    }

    @Test
    void duplicateKeyIsAnError() throws Exception {
        Path file = write(Files.readString(SHIPPED).replace("    eta: ${eta}", "    eta: ${eta}\n    eta: 0.2"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file));
        assertTrue(e.getMessage().contains("duplicate key 'eta'"), e.getMessage());
    }

    @Test
    void missingFileAndEmptyFileAreClear() throws Exception {
        assertTrue(assertThrows(SpecException.class, () -> PipelineSpecParser.read(dir.resolve("nope.yaml")))
                .getMessage().contains("no such file"));
        Path empty = write("");
        assertTrue(assertThrows(SpecException.class, () -> PipelineSpecParser.read(empty)).getMessage().contains("empty"));
    }

    @Test
    void unknownGateMetricIsNamed() throws Exception {
        Path file = write(Files.readString(SHIPPED).replace("    - metric: auc", "    - metric: acu"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file));
        assertTrue(e.getMessage().contains("unknown metric 'acu' (did you mean 'auc'?)"), e.getMessage());
    }

    @Test
    void unknownGateMetricIsLocatedAndListsEveryMetricTheEvaluationWrites() throws Exception {
        Path file = write(Files.readString(SHIPPED).replace("    - metric: recall", "    - metric: sensitivity"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file));
        int line = lineOf(file, "    - metric: sensitivity");
        assertEquals("cannot read spec " + file + ":" + line + ":15: evaluation.quality_gate[1].metric: unknown metric"
                + " 'sensitivity'; the evaluation writes: auc, accuracy, precision, recall, f1, true_positives,"
                + " false_positives, true_negatives, false_negatives, predicted_positives, predicted_negatives", e.getMessage());
    }

    @Test
    void gateTakesMinAndMaxOnRatesAndCounts() throws Exception {
        Path file = write(Files.readString(SHIPPED).replace("    - metric: f1\n      min: ${min_f1}\n",
                "    - metric: f1\n      min: ${min_f1}\n      max: 0.99\n    - metric: false_positives\n      max: 25\n"));
        List<PipelineSpec.GateCondition> gate = PipelineSpecParser.read(file).evaluation().qualityGate();
        assertEquals(List.of("auc", "recall", "f1", "false_positives"), gate.stream().map(PipelineSpec.GateCondition::metric).toList());
        assertEquals(Optional.of(0.99), gate.get(2).max().flatMap(Value::literal));
        assertEquals(Optional.of(25.0), gate.get(3).max().flatMap(Value::literal));
        Path rate = write(Files.readString(SHIPPED).replace("      min: ${min_f1}\n", "      min: 25\n"));
        assertTrue(assertThrows(SpecException.class, () -> PipelineSpecParser.read(rate)).getMessage()
                .contains("evaluation.quality_gate[2].min: must be in [0, 1], found 25.0"));
    }

    @Test
    void shippedSpecRegistersPendingAndHasNoApprovalParameter() {
        PipelineSpec spec = PipelineSpecParser.read(SHIPPED);
        assertEquals("PendingManualApproval", spec.registration().approvalStatus());
        assertEquals(Optional.empty(), spec.registration().autoApprove());
        assertFalse(spec.parameters().containsKey("model_approval_status"));
    }

    @Test
    void autoApprovalNeedsAReasonAndIsRecordedAsTheSpecSetting() throws Exception {
        String anchor = "  model_package_group: end-to-end-ml-sm-model-package-group\n";
        Path file = write(Files.readString(SHIPPED).replace(anchor, anchor + "  auto_approve: {enabled: true, reason: dev group}\n"));
        PipelineSpec spec = PipelineSpecParser.read(file);
        assertEquals("Approved", spec.registration().approvalStatus());
        assertEquals(Optional.of(new PipelineSpec.AutoApproval(file + " registration.auto_approve", "dev group")),
                spec.registration().autoApprove());
        Path off = write(Files.readString(SHIPPED).replace(anchor, anchor + "  auto_approve: {enabled: false}\n"));
        assertEquals("PendingManualApproval", PipelineSpecParser.read(off).registration().approvalStatus());
        Path noReason = write(Files.readString(SHIPPED).replace(anchor, anchor + "  auto_approve: {enabled: true}\n"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(noReason));
        assertTrue(e.getMessage().contains(":" + lineOf(noReason, "  auto_approve:") + ":17: registration.auto_approve:"
                + " auto_approve needs a reason"), e.getMessage());
    }

    @Test
    void approvalStatusIsNeitherASpecFieldNorAParameter() throws Exception {
        String anchor = "  model_package_group: end-to-end-ml-sm-model-package-group\n";
        Path field = write(Files.readString(SHIPPED).replace(anchor, anchor + "  approval_status: Approved\n"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(field));
        assertTrue(e.getMessage().contains(":" + lineOf(field, "  approval_status:") + ":20: registration.approval_status:"
                + " a build always registers PendingManualApproval"), e.getMessage());
        assertTrue(e.getMessage().contains("registration.auto_approve: {enabled: true, reason: WHY}"), e.getMessage());
        Path parameter = write(Files.readString(SHIPPED).replace("  min_auc: {",
                "  model_approval_status: {type: String, default: Approved}\n  min_auc: {"));
        SpecException p = assertThrows(SpecException.class, () -> PipelineSpecParser.read(parameter));
        assertTrue(p.getMessage().contains("parameters.model_approval_status: the approval status is not a parameter"),
                p.getMessage());
        InputException override = assertThrows(InputException.class, () -> ResolvedPipeline.resolve(
                PipelineSpecParser.read(SHIPPED), Map.of("model_approval_status", "Approved"), Optional.empty()));
        assertTrue(override.getMessage().contains("set registration.auto_approve: {enabled: true, reason: WHY} in "
                + SHIPPED), override.getMessage());
    }

    private static int lineOf(Path file, String prefix) throws Exception {
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starts with '" + prefix + "'");
    }

    @Test
    void workshopSpecIsTheWorkshopsTwoWaySklearnSplitEvaluatedOnValidation() {
        PipelineSpec spec = PipelineSpecParser.read(WORKSHOP);
        ResolvedPipeline resolved = ResolvedPipeline.resolve(spec, Map.of(), Optional.empty());
        assertEquals(PipelineSpec.SplitMethod.SKLEARN, resolved.ratios().method());
        assertEquals(new ResolvedPipeline.Ratios(0.8, 0.2, 0.0, 0, true, PipelineSpec.SplitMethod.SKLEARN), resolved.ratios());
        assertEquals("validation", spec.evaluation().split());
        assertEquals(Map.of("objective", "binary:logistic", "max_depth", 3, "eta", 0.1, "gamma", 0.0, "min_child_weight", 1.0,
                "eval_metric", "auc", "tree_method", "exact", "base_score", 0.5, "seed", 0), Map.copyOf(resolved.boosterParameters()));
        assertEquals(10, resolved.numRound());
        assertEquals(PipelineSpec.SplitMethod.PORTABLE, PipelineSpecParser.read(SHIPPED).split().method());
    }

    @Test
    void sklearnSplitRefusesATestPartAParameterisedTestAndASeedNumpyCannotTake() throws Exception {
        String workshop = Files.readString(WORKSHOP);
        Path withTest = write(workshop.replace("  seed: 0\n", "  seed: 0\n  test: 0.1\n"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(withTest));
        assertTrue(e.getMessage().matches("(?s).*" + java.util.regex.Pattern.quote(withTest.toString())
                + ":\\d+:\\d+: split.test: the sklearn split cuts in two.*"), e.getMessage());
        Path negativeSeed = write(workshop.replace("  seed: 0\n", "  seed: -1\n"));
        e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(negativeSeed));
        assertTrue(e.getMessage().contains("split.seed: the sklearn split's seed is train_test_split's random_state, a NumPy"
                + " seed between 0 and 4294967295; found -1"), e.getMessage());
        Path typo = write(workshop.replace("method: sklearn", "method: sklern"));
        e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(typo));
        assertTrue(e.getMessage().contains("unknown split method 'sklern' (did you mean 'sklearn'?); methods are: portable,"
                + " sklearn"), e.getMessage());
    }

    private static final String POWER = "\"`Torque [Nm]` * `Rotational speed [rpm]` * 2 * 3.141592653589793 / 60\"";

    @Test
    void derivedFeaturesAreParsedOnceIntoArithmeticOverNumericColumns() throws Exception {
        PipelineSpec.Derived power = PipelineSpecParser.read(SHIPPED).features().derived().get(0);
        assertEquals(java.util.Set.of("Torque [Nm]", "Rotational speed [rpm]"), power.tree().columns());
        // left to right, as written: ((torque * rpm) * 2) * pi / 60
        double expected = 70.7 * 1582 * 2 * 3.141592653589793 / 60;
        assertEquals(expected, power.tree().evaluate(c -> c.equals("Torque [Nm]") ? 70.7 : 1582));
        assertEquals(power.tree(), Expression.fromTree(power.tree().toTree()), "the tree the scripts read is the same");
        PipelineSpec.Derived negated = PipelineSpecParser.parse(YamlNode.parse(derivedSpec(
                "\"-(`Torque [Nm]` - 1.5e1) / -.5\""), "x.yaml")).features().derived().get(0);
        assertEquals(-(40 - 15.0) / -0.5, negated.tree().evaluate(c -> 40));
    }

    @Test
    void badDerivedFeaturesNameTheCharacterAndWhatIsWrong() throws Exception {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("\"`Torque [Nm]` * `Tork [Nm]`\"", "unknown column 'Tork [Nm]' (did you mean 'Torque [Nm]'?)");
        cases.put("\"`Torque [Nm]` / `Tool wear [min]`\"", "cannot divide by `Tool wear [min]`: it depends on a column");
        cases.put("\"`Torque [Nm]` / (`Tool wear [min]` + 1)\"", "cannot divide by (`Tool wear [min]` + 1): it depends");
        cases.put("\"`Torque [Nm]` / (2 - 2)\"", "cannot divide by (2 - 2): it is 0");
        cases.put("\"sqrt(`Torque [Nm]`)\"", "'sqrt(...)' is a function call; only arithmetic is allowed");
        cases.put("\"Torque * 2\"", "'Torque' is not allowed: write a column in backticks, like `Torque`");
        cases.put("\"`Torque [Nm]` ^ 2\"", "unexpected '^'");
        cases.put("\"`Type` * 2\"", "column 'Type' is not a numeric feature");
        cases.put("\"`UDI` * 2\"", "column 'UDI' is not a numeric feature");
        cases.put("\"(`Torque [Nm]` * 2\"", "this parenthesis is never closed");
        cases.put("\"`Torque [Nm]` *\"", "the expression ends too early");
        cases.put("\"2 * 3\"", "the expression uses no column");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            String text = derivedSpec(c.getKey());
            Path file = write(text);
            SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file), c.getKey());
            assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " -> " + e.getMessage());
            assertTrue(e.getMessage().contains("features.derived[0].expression"), e.getMessage());
        }
        // the column is the offending character's own: line of the expression, after the opening quote
        String text = derivedSpec("\"`Torque [Nm]` ^ 2\"");
        int line = (int) text.substring(0, text.indexOf("^")).chars().filter(ch -> ch == '\n').count() + 1;
        int column = text.indexOf("^") - text.lastIndexOf('\n', text.indexOf("^"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(write(text)));
        assertTrue(e.getMessage().startsWith("cannot read spec " + dir.resolve("spec.yaml") + ":" + line + ":" + column + ": "),
                e.getMessage());
    }

    @Test
    void thresholdRulesAreCheckedWhereTheyAreWritten() throws Exception {
        String shipped = Files.readString(SHIPPED);
        Map<String, String> cases = Map.of(
                "{rule: best_f1}", "unknown threshold rule 'best_f1'; rules are: max_f1, min_precision",
                "{rule: min_precision}", "rule min_precision needs precision: P",
                "{rule: max_f1, precision: 0.9}", "precision is only used by rule min_precision",
                "{rule: min_precision, precision: 1.5}", "must be in (0, 1], found 1.5",
                "1.5", "must be in (0, 1), found 1.5");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path file = write(shipped.replace("  threshold: {rule: max_f1}", "  threshold: " + c.getKey()));
            SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(file), c.getKey());
            assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " -> " + e.getMessage());
        }
        Path onValidation = write(shipped.replace("  split: test\n", "  split: validation\n"));
        SpecException e = assertThrows(SpecException.class, () -> PipelineSpecParser.read(onValidation));
        assertTrue(e.getMessage().contains("evaluation.threshold.rule: a threshold rule chooses the threshold on the"
                + " validation split"), e.getMessage());
        PipelineSpec noValidation = PipelineSpecParser.read(SHIPPED);
        InputException empty = assertThrows(InputException.class, () -> ResolvedPipeline.resolve(noValidation,
                Map.of("train_ratio", "0.8", "validation_ratio", "0"), Optional.empty()));
        assertTrue(empty.getMessage().contains("cannot stop training early"), empty.getMessage());
    }

    private static String derivedSpec(String expression) throws java.io.IOException {
        return Files.readString(SHIPPED).replace(POWER, expression);
    }

    private Path write(String text) throws Exception {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, text);
        return file;
    }
}
