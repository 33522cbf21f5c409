package dev.mlops.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.cli.Main;
import dev.mlops.data.Ai4iGenerator;
import dev.mlops.data.CsvTable;
import dev.mlops.ml.SklearnSplit;
import dev.mlops.ml.XgbModel;
import dev.mlops.server.ServingOptions;
import dev.mlops.server.ServingServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pipelines/workshop.yaml} reproduces the AWS workshop's model bit for bit: the workshop's
 * own code ({@code workshop.py}: pandas, train_test_split, ColumnTransformer, XGBoost's training,
 * on Debian's scikit-learn 1.2 and XGBoost 1.7) and {@code mlops build} put the same rows in the same
 * order in train and validation, compute the same features, train trees that give the same scores
 * and metrics, and the deployed API answers the workshop's request with the Python model's score.
 */
class WorkshopParityTest {
    private static final Path REFERENCE = Path.of("src", "test", "resources", "dev", "mlops", "parity", "workshop.py");
    private static final String WORKSHOP = "pipelines/workshop.yaml";
    private static final String GROUP = "end-to-end-ml-sm-model-package-group";
    /** The workshop's request (DOMAIN.md §2), in the order the API takes it. */
    private static final String RECORD = "L,298.4,308.2,1582,70.7,216";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Python python;

    @TempDir
    Path temp;

    @BeforeAll
    static void findPython() {
        python = Python.require();
    }

    @Test
    void splitPutsEveryRowWhereTrainTestSplitDoesInItsOrder() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        List<int[]> labelSets = List.of(random.ints(5_000, 0, 100).map(v -> v < 4 ? 1 : 0).toArray(),
                random.ints(101, 0, 3).toArray(), IntStream.range(0, 21).map(i -> i % 3).toArray(),
                IntStream.range(0, 37).map(i -> i % 7 == 0 ? 1 : 0).toArray());
        Object[][] cases = {{0.2, 0L, true}, {0.2, 0L, false}, {0.1, 42L, true}, {0.25, 4_294_967_295L, true},
            {0.33, 7L, false}, {0.5, 123_456_789L, true}};
        StringBuilder script = new StringBuilder("import sys, numpy as np\nfrom sklearn.model_selection import "
                + "train_test_split\nfor line in open(sys.argv[1]):\n    size, seed, strat, labels = line.split(';')\n"
                + "    y = np.array([int(v) for v in labels.split(',')])\n"
                + "    tr, te = train_test_split(np.arange(len(y)), test_size=float(size), random_state=int(seed),"
                + " stratify=y if strat == 'true' else None)\n"
                + "    print(','.join(map(str, tr)) + ';' + ','.join(map(str, te)))\n");
        List<String> lines = new ArrayList<>();
        List<String> described = new ArrayList<>();
        List<String> java = new ArrayList<>();
        for (int[] labels : labelSets) {
            for (Object[] c : cases) {
                lines.add(c[0] + ";" + c[1] + ";" + c[2] + ";" + join(labels));
                described.add("test_size " + c[0] + ", random_state " + c[1] + ", stratify " + c[2] + ", " + labels.length
                        + " rows");
                SklearnSplit.Rows rows = SklearnSplit.trainTestSplit(labels, (double) c[0], (long) c[1], (boolean) c[2], "t");
                java.add(join(rows.train()) + ";" + join(rows.test()));
            }
        }
        Path file = Files.write(temp.resolve("cases.txt"), lines);
        Python.Run run = python.run(List.of("-c", script.toString(), file.toString()), "");
        assertEquals(0, run.exitCode(), run.describe());
        List<String> sklearn = run.out().lines().toList();
        assertEquals(java.size(), sklearn.size(), run.describe());
        for (int i = 0; i < java.size(); i++) {
            assertEquals(sklearn.get(i), java.get(i), "train;test rows with " + described.get(i));
        }
    }

    @Test
    void scalerFitsWhatStandardScalerFitsToTheBit() throws IOException {
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        List<double[]> columns = new ArrayList<>();
        for (int n : new int[] {1, 7, 8, 9, 127, 128, 129, 1_000, 8_191, 8_192, 8_193, 20_000}) {
            columns.add(random.doubles(n).map(v -> 300 + 20 * v * (v < 0.01 ? 1e4 : 1)).toArray());
        }
        columns.add(new double[] {5, 5, 5, 5});
        List<String> lines = columns.stream().map(c -> Arrays.stream(c).mapToObj(Double::toString)
                .collect(Collectors.joining(","))).toList();
        Path file = Files.write(temp.resolve("columns.txt"), lines);
        Python.Run run = python.run(List.of("-c", "import sys, numpy as np\nfrom sklearn.preprocessing import StandardScaler\n"
                + "for line in open(sys.argv[1]):\n    s = StandardScaler().fit(np.array([float(v) for v in line.split(',')])"
                + ".reshape(-1, 1))\n    print(repr(float(s.mean_[0])), repr(float(s.scale_[0])))", file.toString()), "");
        assertEquals(0, run.exitCode(), run.describe());
        List<String> sklearn = run.out().lines().toList();
        for (int i = 0; i < columns.size(); i++) {
            dev.mlops.ml.StandardScaling.Fit fit = dev.mlops.ml.StandardScaling.fit(columns.get(i));
            String[] expected = sklearn.get(i).split(" ");
            assertEquals(Double.parseDouble(expected[0]), fit.mean(), 0.0, "mean of " + columns.get(i).length + " values");
            assertEquals(Double.parseDouble(expected[1]), fit.scale(), 0.0, "scale of " + columns.get(i).length + " values");
        }
    }

    @Test
    void generatedDataGivesTheWorkshopsRowsFeaturesScoresAndApiAnswer() throws Exception {
        Path data = temp.resolve("ai4i-10000-42.csv");
        Ai4iGenerator.write(new Ai4iGenerator.Request(10_000, 42), data);
        assertWorkshopParity("generated data (10,000 rows, seed 42)", data);
    }

    @Test
    void realFileGivesTheWorkshopsRowsFeaturesScoresAndApiAnswer() throws Exception {
        assertWorkshopParity("the real AI4I 2020 file", PythonParityTest.realFile());
    }

    private void assertWorkshopParity(String dataset, Path data) throws Exception {
        Path py = temp.resolve("workshop");
        Python.Run reference = python.run(List.of(REFERENCE.toString(), data.toString(), py.toString(), RECORD), "");
        assertEquals(0, reference.exitCode(), reference.describe());
        JsonNode expected = JSON.readTree(py.resolve("workshop.json").toFile());
        Path state = temp.resolve("state");
        try (ServingServer server = ServingServer.start(ServingOptions.defaults(state).withPort(0))) {
            Path artifacts = build(state, data);
            int[] labels = CsvTable.read(data, data.toString(), new CsvTable.Plan(
                    Optional.of(new CsvTable.Label("Machine failure", List.of("Machine_failure"))), List.of(), List.of()))
                    .labels();
            SklearnSplit.Rows rows = SklearnSplit.trainTestSplit(labels, 0.2, 0, true, dataset);
            assertArrayEquals(ints(expected.get("train_rows")), rows.train(), dataset + ": train rows, in order");
            assertArrayEquals(ints(expected.get("validation_rows")), rows.test(), dataset + ": validation rows, in order");
            double[][] trainFeatures = features(artifacts.resolve("preprocess/train/train.csv"));
            double[][] validationFeatures = features(artifacts.resolve("preprocess/validation/validation.csv"));
            assertSameBits(dataset + ": train features", expected.get("train_features"), trainFeatures);
            assertSameBits(dataset + ": validation features", expected.get("validation_features"), validationFeatures);
            assertEquals(0, Files.readAllLines(artifacts.resolve("preprocess/test/test.csv")).size(), "no test split");
            double[] scores;
            try (XgbModel model = XgbModel.load(Files.readAllBytes(artifacts.resolve("model/xgboost-model.json")), 8)) {
                scores = model.predict(validationFeatures);
            }
            assertArrayEquals(doubles(expected.get("validation_scores")), scores, 0.0, dataset + ": validation scores");
            JsonNode metrics = JSON.readTree(artifacts.resolve("evaluation/evaluation.json").toFile())
                    .get("binary_classification_metrics");
            for (String metric : List.of("auc", "accuracy", "precision", "recall", "f1")) {
                assertEquals(expected.get("metrics").get(metric).asDouble(), metrics.get(metric).get("value").asDouble(), 0.0,
                        dataset + ": validation " + metric);
            }
            double answer = deployAndInvoke(state, server);
            assertEquals(expected.get("record_scores").get(0).asDouble(), answer, 0.0,
                    dataset + ": the API's answer to " + RECORD);
            System.out.printf(Locale.ROOT, "workshop parity on %s: %d train + %d validation rows in the same order,"
                    + " %d features and %d scores bit-identical, validation AUC %s, API answer to %s: %s%n", dataset,
                    rows.train().length, rows.test().length, 8 * (trainFeatures.length + validationFeatures.length),
                    scores.length, metrics.get("auc").get("value").asText(), RECORD, answer);
        }
    }

    /** {@code mlops build --pipeline pipelines/workshop.yaml --data FILE}; the build's artifact folder. */
    private static Path build(Path state, Path data) throws IOException {
        CliResult build = cli(state, "build", "--pipeline", WORKSHOP, "--data", data.toString());
        assertEquals(0, build.code(), build.err());
        return Path.of(JSON.readTree(build.out()).get("evaluation").asText()).getParent().getParent();
    }

    /** Approve, let the watcher write staging's desired state, reconcile, and POST the record to staging's API. */
    private static double deployAndInvoke(Path state, ServingServer server) throws Exception {
        assertEquals(0, cli(state, "models", "approve", GROUP + "/1", "--by", "alice").code());
        assertEquals(0, cli(state, "watch-approvals", "--group", GROUP, "--once").code());
        CliResult reconcile = cli(state, "reconcile", "--env", "staging", "--once", "--timeout", "2m", "--poll", "100ms");
        assertEquals(0, reconcile.code(), reconcile.out() + reconcile.err());
        URI api = server.baseUri().resolve("/api/staging/predict");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(api)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(RECORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("predictions").get(0).get("score").asDouble();
    }

    private record CliResult(int code, String out, String err) {
    }

    private static CliResult cli(Path state, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 4];
        System.arraycopy(new String[] {"--state-dir", state.toString(), "--output", "json"}, 0, full, 0, 4);
        System.arraycopy(args, 0, full, 4, args.length);
        int code = Main.run(full, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliResult(code, out.toString(), err.toString());
    }

    /** A label-first split CSV's features. */
    private static double[][] features(Path csv) throws IOException {
        return Files.readAllLines(csv).stream()
                .map(line -> Arrays.stream(line.split(",")).skip(1).mapToDouble(Double::parseDouble).toArray())
                .toArray(double[][]::new);
    }

    private static void assertSameBits(String what, JsonNode expected, double[][] actual) {
        assertEquals(expected.size(), actual.length, what + ": rows");
        for (int i = 0; i < actual.length; i++) {
            assertArrayEquals(doubles(expected.get(i)), actual[i], 0.0, what + ": row " + (i + 1));
        }
    }

    private static int[] ints(JsonNode array) {
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    private static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }

    private static String join(int[] values) {
        return Arrays.stream(values).mapToObj(Integer::toString).collect(Collectors.joining(","));
    }
}
