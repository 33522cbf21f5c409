package dev.mlops.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.cli.Main;
import dev.mlops.data.Ai4iGenerator;
import dev.mlops.ml.Decision;
import dev.mlops.ml.Featurizer;
import dev.mlops.ml.PortableSplit;
import dev.mlops.ml.XgbModel;
import dev.mlops.spec.PipelineSpec;
import dev.mlops.spec.PipelineSpecParser;
import dev.mlops.spec.ResolvedPipeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SageMaker-side scripts in {@code model-build/} compute what the Java local backend computes:
 * the local build and the Python scripts run on the same file, then their splits, featurizer,
 * features, scores and metrics (for the same model, packed as SageMaker's training job packs it)
 * are compared. Skipped, with the reason, where no Python with the containers' libraries exists.
 */
class PythonParityTest {
    private static final double FEATURE_TOLERANCE = 1e-6;
    private static final double FEATURIZER_TOLERANCE = 1e-9;
    private static final double METRIC_TOLERANCE = 1e-6;
    private static final List<String> PARTS = List.of("train", "validation", "test");
    private static final List<String> WORKSHOP_RECORDS = List.of("L,298.4,308.2,1582,70.7,216",
            "M,298.4,308.2,1582,30.2,214", "L,298.4,308.2,30,70.7,216");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SHIPPED = Path.of("pipelines", "model-build.yaml");
    private static Python python;

    @TempDir
    Path temp;

    @BeforeAll
    static void findPython() {
        python = Python.require();
    }

    @Test
    void pythonUnitTestsPass() {
        Python.Run run = python.run(List.of("-m", "unittest", "discover", "-s", "model-build/tests"), "");
        assertEquals(0, run.exitCode(), run.describe());
    }

    @Test
    void generatedDataGivesTheSameSplitsFeaturesScoresAndMetrics() throws IOException {
        Path data = temp.resolve("ai4i-10000-42.csv");
        Ai4iGenerator.write(new Ai4iGenerator.Request(10_000, 42), data);
        assertParity("generated data (10,000 rows, seed 42)", data, SHIPPED);
    }

    /** preprocess.py's sklearn split (scikit-learn's own train_test_split) and the Java port agree. */
    @Test
    void workshopSpecGivesTheSameSplitsFeaturesScoresAndMetrics() throws IOException {
        Path data = temp.resolve("ai4i-3000-7.csv");
        Ai4iGenerator.write(new Ai4iGenerator.Request(3_000, 7), data);
        assertParity("generated data (3,000 rows, seed 7), pipelines/workshop.yaml", data, Path.of("pipelines", "workshop.yaml"));
    }

    @Test
    void realDataGivesTheSameSplitsFeaturesScoresAndMetrics() throws IOException {
        assertParity("the real AI4I 2020 file", realFile(), SHIPPED);
    }

    @Test
    void splitMembershipMatchesForOtherSeedsRatiosAndUnstratified() throws IOException {
        SplittableRandom random = new SplittableRandom(5);
        int[] labels = random.ints(5_000, 0, 100).map(v -> v < 4 ? 1 : 0).toArray();
        Path file = Files.writeString(temp.resolve("labels.txt"),
                Arrays.stream(labels).mapToObj(Integer::toString).collect(Collectors.joining("\n")));
        String script = "import sys; sys.path.insert(0, 'model-build'); import preprocess\n"
                + "labels = [int(v) for v in open(sys.argv[1]).read().split()]\n"
                + "parts = preprocess.portable_split(labels, float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]),"
                + " sys.argv[5] == 'true')\n"
                + "print(''.join(p[0] for p in parts))\n";
        Object[][] cases = {{0.1, 0.1, 0L, true}, {0.2, 0.1, -7L, false}, {0.05, 0.15, Long.MAX_VALUE, true},
            {0.0, 0.3, Long.MIN_VALUE, true}, {0.25, 0.25, 0x9E3779B97F4A7C15L, false}};
        for (Object[] c : cases) {
            PortableSplit.Part[] parts = PortableSplit.assign(labels, (double) c[0], (double) c[1], (long) c[2], (boolean) c[3]);
            String expected = Arrays.stream(parts).map(p -> p.name().substring(0, 1).toLowerCase()).collect(Collectors.joining());
            Python.Run run = python.run(List.of("-c", script, file.toString(), c[0].toString(), c[1].toString(),
                    c[2].toString(), c[3].toString()), "");
            assertEquals(0, run.exitCode(), run.describe());
            assertEquals(expected, run.out().strip(), "split of 5,000 rows with " + Arrays.toString(c));
        }
    }

    private void assertParity(String dataset, Path data, Path spec) throws IOException {
        ResolvedPipeline pipeline = ResolvedPipeline.resolve(PipelineSpecParser.read(spec), Map.of(),
                Optional.of(data.toString()));
        Path java = javaBuild(data, spec);
        Path py = temp.resolve("python");
        python.script("preprocess.py", preprocessArgs(pipeline, data, py), "");
        ParityChecks checks = new ParityChecks(dataset);
        for (String part : PARTS) {
            checks.splitsMatch(part, Files.readAllLines(java.resolve("preprocess/" + part + "/" + part + ".csv")),
                    Files.readAllLines(py.resolve(part + "/" + part + ".csv")), FEATURE_TOLERANCE);
        }
        checks.splitFigure();
        Path javaModelDir = java.resolve("model");
        Path pyModelDir = py.resolve("model");
        checks.jsonMatches("featurizer.json", tree(javaModelDir.resolve("featurizer.json")),
                tree(pyModelDir.resolve("featurizer.json")), FEATURIZER_TOLERANCE);
        Featurizer javaFeaturizer = Featurizer.fromJson(Files.readString(javaModelDir.resolve("featurizer.json")), "java");
        Featurizer pyFeaturizer = Featurizer.fromJson(Files.readString(pyModelDir.resolve("featurizer.json")), "python");
        checks.figure("inference.py on the Java featurizer.json vs Featurizer.transform", inferenceDifference(javaModelDir, javaFeaturizer));
        checks.figure("inference.py on the Python featurizer.json vs Featurizer.transform of it",
                inferenceDifference(pyModelDir, pyFeaturizer));
        assertModelParity(checks, pipeline, java, py);
        System.out.println(checks.report());
    }

    /** evaluate.py on the Java-trained model (JSON and UBJSON) gives the Java metrics and scores. */
    private void assertModelParity(ParityChecks checks, ResolvedPipeline pipeline, Path java, Path py) throws IOException {
        byte[] modelJson = Files.readAllBytes(java.resolve("model/xgboost-model.json"));
        Path heldOut = py.resolve(pipeline.spec().evaluation().split());
        JsonNode javaEvaluation = tree(java.resolve("evaluation/evaluation.json"));
        Map<String, byte[]> formats = new LinkedHashMap<>();
        formats.put("json", modelJson);
        formats.put("ubj", ubj(modelJson));
        for (Map.Entry<String, byte[]> format : formats.entrySet()) {
            Path modelDir = packModel(format.getValue(), temp.resolve("sagemaker-model-" + format.getKey()));
            Path out = temp.resolve("evaluation-" + format.getKey());
            List<String> args = new java.util.ArrayList<>(List.of("--model-dir", modelDir.toString(), "--test-dir",
                    heldOut.toString(), "--output-dir", out.toString(), "--decision-dir", out.resolve("decision").toString(),
                    "--validation-dir", py.resolve("validation").toString()));
            args.addAll(thresholdArgs(pipeline.spec().evaluation().threshold()));
            python.script("evaluate.py", args, "");
            checks.jsonMatches("evaluation.json, model as XGBoost " + format.getKey(), javaEvaluation,
                    tree(out.resolve("evaluation.json")), METRIC_TOLERANCE);
            checks.jsonMatches("decision.json (the chosen threshold), model as XGBoost " + format.getKey(),
                    tree(java.resolve("decision/decision.json")), tree(out.resolve("decision/decision.json")), 0);
        }
        checks.figure("predicted_label of inference.py's decision container vs Decision.label",
                decisionDifference(java.resolve("decision")));
        String split = pipeline.spec().evaluation().split();
        checks.figure(split + "-split scores, evaluate.py vs XgbModel.predict", scoreDifference(modelJson,
                packModel(modelJson, temp.resolve("scores-model")), java.resolve("preprocess/" + split), split));
    }

    /** The arguments the compiled Evaluate step passes for the spec's threshold. */
    private static List<String> thresholdArgs(PipelineSpec.Threshold threshold) {
        return switch (threshold.rule()) {
            case PipelineSpec.Threshold.FIXED -> List.of("--threshold", Double.toString(threshold.value()));
            case PipelineSpec.Threshold.MIN_PRECISION -> List.of("--threshold-rule", threshold.rule(),
                    "--min-precision", Double.toString(threshold.value()));
            default -> List.of("--threshold-rule", threshold.rule());
        };
    }

    /**
     * inference.py as the decision container labels scores on both sides of the chosen threshold
     * (and the threshold itself) as Decision.label does; the number of labels that differ.
     */
    private double decisionDifference(Path javaDecisionDir) throws IOException {
        Decision decision = Decision.fromJson(Files.readString(javaDecisionDir.resolve("decision.json")), "java");
        double t = decision.threshold();
        double[] scores = {0.001, Math.nextDown(t), t, Math.nextUp(t), 0.999};
        String body = "{\"predictions\":[" + Arrays.stream(scores).mapToObj(v -> "{\"score\":" + v + "}")
                .collect(Collectors.joining(",")) + "]}";
        Python.Run run = python.script("inference.py", List.of("--model-dir", javaDecisionDir.toString(), "--content-type",
                "application/json", "--accept", "application/json"), body);
        JsonNode predictions = JSON.readTree(run.out()).get("predictions");
        int differ = 0;
        for (int i = 0; i < scores.length; i++) {
            assertEquals(scores[i], predictions.get(i).get("score").asDouble(), "score " + i + " passes through");
            differ += decision.label(scores[i]) == predictions.get(i).get("predicted_label").asInt() ? 0 : 1;
        }
        assertEquals(0, differ, "labels that differ: " + run.out());
        return differ;
    }

    private Path javaBuild(Path data, Path spec) throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"--state-dir", temp.resolve("state").toString(), "--output", "json", "build",
            "--pipeline", spec.toString(), "--data", data.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, "the Java local build failed: " + err);
        Path evaluation = Path.of(JSON.readTree(out.toString()).get("evaluation").asText());
        return evaluation.getParent().getParent();
    }

    private static List<String> preprocessArgs(ResolvedPipeline pipeline, Path data, Path out) throws IOException {
        ResolvedPipeline.Ratios ratios = pipeline.ratios();
        return List.of("--input-data", data.toString(), "--train-ratio", Double.toString(ratios.train()),
                "--validation-ratio", Double.toString(ratios.validation()), "--test-ratio", Double.toString(ratios.test()),
                "--split-method", ratios.method().spelling(), "--split-seed", Long.toString(ratios.seed()), "--stratify", Boolean.toString(ratios.stratify()),
                "--features", featuresArgument(pipeline.spec()), "--train-dir", out.resolve("train").toString(),
                "--validation-dir", out.resolve("validation").toString(), "--test-dir", out.resolve("test").toString(),
                "--model-dir", out.resolve("model").toString());
    }

    /** The --features JSON as the pipeline compiler emits it from the spec. */
    static String featuresArgument(PipelineSpec spec) throws IOException {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("drop", spec.features().drop());
        features.put("numeric", spec.features().numeric());
        features.put("categorical", spec.features().categorical().stream()
                .map(c -> Map.of("column", c.column(), "categories", c.categories())).toList());
        features.put("label", spec.data().label());
        features.put("label_aliases", spec.data().labelAliases());
        if (!spec.features().derived().isEmpty()) {
            features.put("derived", spec.features().derived().stream().map(d -> Map.of("name", d.name(),
                    "expression", d.expression(), "tree", d.tree().toTree())).toList());
        }
        return JSON.writeValueAsString(features);
    }

    /** The model as SageMaker's training job leaves it: model.tar.gz holding {@code xgboost-model}. */
    private Path packModel(byte[] model, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path raw = Files.write(temp.resolve("xgboost-model"), model);
        python.run(List.of("-c", "import sys, tarfile\nwith tarfile.open(sys.argv[1], 'w:gz') as t:"
                + " t.add(sys.argv[2], arcname='xgboost-model')", dir.resolve("model.tar.gz").toString(), raw.toString()), "");
        Files.delete(raw);
        assertTrue(Files.isRegularFile(dir.resolve("model.tar.gz")), "model.tar.gz was not written in " + dir);
        return dir;
    }

    private static byte[] ubj(byte[] modelJson) {
        try {
            Booster booster = XGBoost.loadModel(modelJson);
            byte[] ubj = booster.toByteArray("ubj");
            booster.dispose();
            return ubj;
        } catch (Exception e) {
            throw new AssertionError("cannot convert the model to UBJSON: " + e.getMessage(), e);
        }
    }

    /** Scores the Java held-out split in Java and through evaluate.py's loading and scoring; the largest gap. */
    private double scoreDifference(byte[] modelJson, Path modelDir, Path testDir, String split) throws IOException {
        List<String> rows = Files.readAllLines(testDir.resolve(split + ".csv"));
        double[][] x = rows.stream().map(r -> Arrays.stream(r.split(",")).skip(1).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
        double[] javaScores;
        try (XgbModel model = XgbModel.load(modelJson, x[0].length)) {
            javaScores = model.predict(x);
        }
        Python.Run run = python.run(List.of("-c", "import sys; sys.path.insert(0, 'model-build'); import evaluate\n"
                + "labels, x = evaluate.read_split(sys.argv[2])\n"
                + "print('\\n'.join(repr(s) for s in evaluate.score(evaluate.load_model(sys.argv[1]), x).tolist()))",
                modelDir.toString(), testDir.toString()), "");
        assertEquals(0, run.exitCode(), run.describe());
        double[] pyScores = run.out().lines().mapToDouble(Double::parseDouble).toArray();
        assertEquals(javaScores.length, pyScores.length, "scored rows");
        double max = 0;
        for (int i = 0; i < javaScores.length; i++) {
            max = Math.max(max, Math.abs(javaScores[i] - pyScores[i]));
        }
        assertTrue(max <= METRIC_TOLERANCE, "scores differ by up to " + max);
        return max;
    }

    /** inference.py featurizes the workshop's payloads (one request, three lines) as Featurizer.transform does. */
    private double inferenceDifference(Path modelDir, Featurizer featurizer) throws IOException {
        Python.Run run = python.script("inference.py", List.of("--model-dir", modelDir.toString(), "--accept",
                "application/json"), String.join("\n", WORKSHOP_RECORDS) + "\n");
        JsonNode instances = JSON.readTree(run.out()).get("instances");
        assertEquals(WORKSHOP_RECORDS.size(), instances.size(), run.out());
        double max = 0;
        for (int i = 0; i < WORKSHOP_RECORDS.size(); i++) {
            double[] expected = featurizer.transform(List.of(WORKSHOP_RECORDS.get(i).split(",")));
            JsonNode actual = instances.get(i).get("features");
            assertEquals(expected.length, actual.size(), "features of " + WORKSHOP_RECORDS.get(i));
            for (int k = 0; k < expected.length; k++) {
                max = Math.max(max, Math.abs(expected[k] - actual.get(k).asDouble()));
            }
        }
        assertTrue(max <= FEATURIZER_TOLERANCE, "inference.py differs from Featurizer.transform by " + max);
        return max;
    }

    private static JsonNode tree(Path file) throws IOException {
        return JSON.readTree(file.toFile());
    }

    static Path realFile() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path candidate : List.of(cwd.resolve("../shared/data/ai4i2020.csv"), cwd.resolve("../../shared/data/ai4i2020.csv"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate.normalize();
            }
        }
        Assumptions.abort("the real AI4I file is not here (looked for ../shared/data/ai4i2020.csv and"
                + " ../../shared/data/ai4i2020.csv from " + cwd + ")");
        throw new IllegalStateException("unreachable: abort throws");
    }
}
