package dev.mlops.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.data.RealAi4iFile;
import dev.mlops.server.TestModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Java tree evaluator against XGBoost4J's own predict, compared to the bit: on every row of the
 * real AI4I file, on generated rows, and on random and extreme inputs (NaN, ±0, ±infinity, huge and
 * subnormal values, values on and next to every split), for every split the trainer can emit under
 * the spec's choices (exact, approx and hist trees, shallow and deep, few and many rounds, with and
 * without scale_pos_weight and a given base_score), and over the whole range of margins the sigmoid
 * and base-score conversion see.
 */
class TreeEnsembleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void scoresEveryRowOfTheRealFileAsXgboostDoes() throws IOException {
        List<String[]> rows = Files.readAllLines(RealAi4iFile.require(), StandardCharsets.UTF_8).stream().skip(1)
                .filter(line -> !line.isBlank()).map(line -> line.split(",", -1)).toList();
        Featurizer featurizer = TestModels.fitFeaturizer(rows);
        double[][] x = rows.stream().map(r -> featurizer.transform(List.of(r).subList(2, 8))).toArray(double[][]::new);
        int[] y = rows.stream().mapToInt(r -> Integer.parseInt(r[8].trim())).toArray();
        // The shipped spec's hyperparameters (pipelines/model-build.yaml), then a deeper, longer variant.
        Map<String, Object> shipped = params("exact", 3, 0.1, 1.0);
        shipped.put("gamma", 0);
        shipped.put("min_child_weight", 1);
        shipped.put("base_score", 0.5);
        assertIdentical(shipped, 10, x, y, x);
        assertIdentical(params("exact", 6, 0.3, 30.0), 60, x, y, x);
    }

    static Stream<Arguments> specChoices() {
        List<Arguments> choices = new ArrayList<>();
        for (String method : List.of("exact", "approx", "hist")) {
            choices.add(Arguments.of(method, 1, 1, 1.0, true));
            choices.add(Arguments.of(method, 3, 10, 1.0, true));
            choices.add(Arguments.of(method, 6, 100, 25.0, false));
            choices.add(Arguments.of(method, 12, 40, 3.0, false));
        }
        return choices.stream();
    }

    @ParameterizedTest(name = "{0}, depth {1}, {2} rounds, scale_pos_weight {3}, base_score given {4}")
    @MethodSource("specChoices")
    void scoresGeneratedRowsAndExtremeInputsAsXgboostDoes(String method, int depth, int rounds, double scalePosWeight,
                                                          boolean baseScoreGiven) {
        Random random = new Random(depth * 31L + rounds);
        double[][] x = new double[1500][6];
        int[] y = new int[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 6; j++) {
                // Missing values in training too, so that splits learn both default directions.
                x[i][j] = random.nextInt(12) == 0 ? Double.NaN : j == 5 ? random.nextInt(3) : random.nextGaussian();
            }
            double signal = (Double.isNaN(x[i][0]) ? 0.5 : x[i][0]) + (Double.isNaN(x[i][1]) ? 0 : x[i][1] * x[i][2]);
            y[i] = signal + random.nextGaussian() * 0.7 > 1.2 ? 1 : 0;
        }
        Map<String, Object> params = params(method, depth, 0.3, scalePosWeight);
        if (baseScoreGiven) {
            params.put("base_score", 0.5);
        }
        if (method.equals("hist")) {
            params.put("max_bin", 16);
        }
        try (XgbModel model = XgbModel.train(x, y, new double[0][], new int[0], params, rounds).model()) {
            TreeEnsemble trees = TreeEnsemble.fromJson(model.toJson(), 6);
            assertEquals(rounds, trees.trees());
            assertSameScores(model, trees, x);
            assertSameScores(model, trees, randomRows(random, 4000, 6));
            assertSameScores(model, trees, edgeRows(model.toJson(), random, 6));
        }
    }

    @Test
    void sigmoidAndBaseScoreMatchXgboostOverTheWholeMarginRange() throws IOException {
        Random random = new Random(7);
        ObjectNode template = (ObjectNode) JSON.readTree(trained().toJson());
        // One tree whose leaf i is reached by feature 0 = i: its score is sigmoid(base margin + leaf i).
        int depth = 12;
        float[] leaves = new float[1 << depth];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = switch (i % 4) {
                case 0 -> (random.nextFloat() - 0.5f) * 40f;
                case 1 -> (random.nextFloat() - 0.5f) * 240f;
                case 2 -> (random.nextFloat() - 0.5f) * 2f;
                default -> Float.intBitsToFloat(random.nextInt()) % 100f;
            };
            if (!Float.isFinite(leaves[i])) {
                leaves[i] = random.nextFloat();
            }
        }
        leaves[0] = 0f;
        leaves[1] = -0f;
        leaves[2] = 88.7f;
        leaves[3] = -88.7f;
        leaves[4] = Float.MIN_VALUE;
        double[][] x = new double[leaves.length][1];
        for (int i = 0; i < x.length; i++) {
            x[i][0] = i;
        }
        for (float baseScore : new float[] {0.5f, 0.1f, 0.9f, 0.034f, 1e-6f, 0.999999f}) {
            byte[] json = staircase(template, leaves, depth, baseScore);
            try (XgbModel model = XgbModel.load(json, 1)) {
                assertSameScores(model, TreeEnsemble.fromJson(json, 1), x);
            }
        }
        // The base score alone, over many values: XGBoost turns it into a margin with logf.
        float[] zero = new float[1];
        for (int i = 0; i < 150; i++) {
            float baseScore = i < 100 ? random.nextFloat() : (float) Math.pow(10, -1 - random.nextInt(7) * random.nextFloat());
            baseScore = i % 2 == 0 || baseScore >= 0.5f ? baseScore : 1f - baseScore;
            baseScore = i == 0 ? 0f : i == 1 ? 1f : i == 2 ? 1e-7f : baseScore;
            byte[] json = staircase(template, zero, 0, baseScore);
            try (XgbModel model = XgbModel.load(json, 1)) {
                assertSameScores(model, TreeEnsemble.fromJson(json, 1), new double[][] {{0}});
            }
        }
    }

    @Test
    void refusesAtLoadWhatItCannotScoreExactly() throws IOException {
        byte[] good = trained().toJson();
        assertRefused(good, 7, "takes 6 features, the featurizer gives 7");
        assertRefused(edit(good, m -> with(m, "/learner/objective", o -> o.put("name", "reg:squarederror"))),
                6, "objective 'reg:squarederror' is not supported");
        assertRefused(edit(good, m -> with(m, "/learner/gradient_booster", b -> b.put("name", "dart"))),
                6, "booster 'dart' is not supported");
        assertRefused(edit(good, m -> with(m, "/learner", l -> l.putArray("feature_types").add("float").add("c"))),
                6, "feature type 'c' is not supported");
        assertRefused(edit(good, m -> with(m, "/learner/gradient_booster/model/trees/0",
                t -> ((ArrayNode) t.get("split_type")).set(0, 1))), 6, "tree 0: categorical splits are not supported");
        assertRefused(edit(good, m -> with(m, "/learner/gradient_booster/model/trees/0",
                t -> ((ArrayNode) t.get("left_children")).set(0, 0))), 6, "tree 0: node 0 has children 0");
        assertRefused(edit(good, m -> with(m, "/learner/gradient_booster/model/trees/0",
                t -> ((ArrayNode) t.get("split_indices")).set(0, 9))), 6, "splits on feature 9 of 6");
        assertRefused("{\"learner\": ".getBytes(StandardCharsets.UTF_8), 6, "it is not JSON");
        assertRefused("{}".getBytes(StandardCharsets.UTF_8), 6, "not an XGBoost JSON model");
    }

    private static XgbModel trained() {
        Random random = new Random(3);
        double[][] x = new double[400][6];
        for (double[] row : x) {
            IntStream.range(0, 6).forEach(j -> row[j] = random.nextGaussian());
        }
        int[] y = IntStream.range(0, x.length).map(i -> x[i][0] > 0.3 ? 1 : 0).toArray();
        return XgbModel.train(x, y, new double[0][], new int[0], params("exact", 3, 0.3, 1.0), 3).model();
    }

    private static Map<String, Object> params(String method, int depth, double eta, double scalePosWeight) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("objective", "binary:logistic");
        params.put("tree_method", method);
        params.put("max_depth", depth);
        params.put("eta", eta);
        params.put("scale_pos_weight", scalePosWeight);
        params.put("seed", 0);
        return params;
    }

    private static void assertIdentical(Map<String, Object> params, int rounds, double[][] x, int[] y, double[][] rows) {
        try (XgbModel model = XgbModel.train(x, y, new double[0][], new int[0], params, rounds).model()) {
            assertSameScores(model, TreeEnsemble.fromJson(model.toJson(), x[0].length), rows);
        }
    }

    private static void assertSameScores(XgbModel model, TreeEnsemble trees, double[][] rows) {
        double[] expected = model.predict(rows);
        double[] actual = trees.predict(rows);
        for (int i = 0; i < rows.length; i++) {
            if (Double.doubleToRawLongBits(expected[i]) != Double.doubleToRawLongBits(actual[i])) {
                throw new AssertionError("row " + i + " " + java.util.Arrays.toString(rows[i]) + ": XGBoost scores "
                        + expected[i] + ", the Java evaluator " + actual[i]);
            }
        }
    }

    private static double[][] randomRows(Random random, int count, int width) {
        double[] specials = {Double.NaN, 0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e300,
            Float.MAX_VALUE, -Float.MAX_VALUE, Float.MIN_VALUE, -Float.MIN_VALUE, 1e-40, 3.4e38, 1e20, -1e20};
        double[][] rows = new double[count][width];
        for (double[] row : rows) {
            for (int j = 0; j < width; j++) {
                int pick = random.nextInt(10);
                row[j] = pick == 0 ? specials[random.nextInt(specials.length)]
                        : pick < 3 ? Double.longBitsToDouble(random.nextLong())
                        : random.nextGaussian() * (pick < 6 ? 1 : 5);
            }
        }
        return rows;
    }

    /** Rows whose values sit on, just under and just over every split value of the model, as floats and doubles. */
    private static double[][] edgeRows(byte[] json, Random random, int width) {
        List<Double> values = new ArrayList<>();
        try {
            for (JsonNode tree : JSON.readTree(json).at("/learner/gradient_booster/model/trees")) {
                for (int n = 0; n < tree.get("split_conditions").size(); n++) {
                    if (tree.get("left_children").get(n).asInt() < 0) {
                        continue;
                    }
                    float split = Float.parseFloat(tree.get("split_conditions").get(n).asText());
                    values.add((double) split);
                    values.add((double) Math.nextDown(split));
                    values.add((double) Math.nextUp(split));
                    // Doubles a hair off the split that round to it as floats.
                    values.add(Math.nextDown((double) split));
                    values.add(Math.nextUp((double) split));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        double[][] rows = new double[Math.max(1, values.size()) * 2][width];
        for (double[] row : rows) {
            for (int j = 0; j < width; j++) {
                row[j] = values.isEmpty() || random.nextInt(6) == 0 ? Double.NaN : values.get(random.nextInt(values.size()));
            }
        }
        return rows;
    }

    /** A model with one balanced tree on feature 0 whose leaf i is {@code leaves[i]}, reached by x = i. */
    private static byte[] staircase(ObjectNode template, float[] leaves, int depth, float baseScore) {
        ObjectNode model = template.deepCopy();
        ObjectNode tree = JSON.createObjectNode();
        int nodes = (1 << (depth + 1)) - 1;
        ArrayNode left = tree.putArray("left_children");
        ArrayNode right = tree.putArray("right_children");
        ArrayNode conditions = tree.putArray("split_conditions");
        ArrayNode parents = tree.putArray("parents");
        for (int n = 0; n < nodes; n++) {
            boolean leaf = n >= (1 << depth) - 1;
            left.add(leaf ? -1 : 2 * n + 1);
            right.add(leaf ? -1 : 2 * n + 2);
            parents.add(n == 0 ? 2147483647 : (n - 1) / 2);
            if (leaf) {
                conditions.add(leaves[n - ((1 << depth) - 1)]);
            } else {
                // Node n at level d covers leaves [lo, lo + span); its split is between the halves.
                int level = 31 - Integer.numberOfLeadingZeros(n + 1);
                int span = 1 << (depth - level);
                int lo = (n + 1 - (1 << level)) * span;
                conditions.add(lo + span / 2 - 0.5f);
            }
        }
        for (String name : List.of("split_indices", "split_type", "default_left")) {
            ArrayNode zeros = tree.putArray(name);
            IntStream.range(0, nodes).forEach(i -> zeros.add(0));
        }
        for (String name : List.of("base_weights", "loss_changes", "sum_hessian")) {
            ArrayNode values = tree.putArray(name);
            IntStream.range(0, nodes).forEach(i -> values.add(0.0f));
        }
        for (String name : List.of("categories", "categories_nodes", "categories_segments", "categories_sizes")) {
            tree.putArray(name);
        }
        tree.put("id", 0);
        tree.putObject("tree_param").put("num_deleted", "0").put("num_feature", "1")
                .put("num_nodes", Integer.toString(nodes)).put("size_leaf_vector", "1");
        ObjectNode booster = (ObjectNode) model.at("/learner/gradient_booster/model");
        booster.putArray("trees").add(tree);
        booster.putArray("tree_info").add(0);
        booster.putArray("iteration_indptr").add(0).add(1);
        ((ObjectNode) booster.get("gbtree_model_param")).put("num_trees", "1");
        ((ObjectNode) model.at("/learner/learner_model_param")).put("num_feature", "1")
                .put("base_score", "[" + baseScore + "]");
        ((ObjectNode) model.get("learner")).putObject("attributes");
        try {
            return JSON.writeValueAsBytes(model);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] edit(byte[] json, UnaryOperator<ObjectNode> change) throws IOException {
        return JSON.writeValueAsBytes(change.apply((ObjectNode) JSON.readTree(json)));
    }

    private static ObjectNode with(ObjectNode model, String pointer, java.util.function.Consumer<ObjectNode> change) {
        change.accept((ObjectNode) model.at(pointer));
        return model;
    }

    private static void assertRefused(byte[] json, int features, String expected) {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> TreeEnsemble.fromJson(json, features));
        assertTrue(e.getMessage().startsWith("cannot load XGBoost model: ") && e.getMessage().contains(expected),
                e.getMessage());
    }
}
