package dev.mlops.ml;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A trained {@code binary:logistic} gradient-boosted tree model, read from XGBoost's JSON model
 * format and evaluated in plain Java, with XGBoost's float arithmetic so that every score equals
 * XGBoost's own prediction to the bit: features as float32, a numeric split sends {@code x < split}
 * left and a missing (NaN) value the node's default way, leaves are added in tree order to the base
 * margin in float32, and the sigmoid is XGBoost's, {@code 1 / (expf(min(-m, 88.7)) + 1 + 1e-16)},
 * with glibc's {@code expf}. Scoring one row takes well under a microsecond, against about 100 µs
 * for a call into XGBoost's native library, and frees nothing: it is plain memory.
 *
 * <p>A model this evaluator cannot score exactly — another objective, booster or tree layout,
 * categorical splits, several outputs — is refused when loaded, naming what it does not support.
 * Immutable; safe to share between threads.
 */
public final class TreeEnsemble {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final float BASE_SCORE_EPSILON = 1e-6f;
    private static final Set<String> NUMERIC_FEATURE_TYPES = Set.of("float", "q", "int", "i");

    private final int features;
    private final float baseMargin;
    /** Root node index of each tree in the arrays below, which hold every tree's nodes one after another. */
    private final int[] roots;
    /** Absolute index of the left and right child; -1 on a leaf. */
    private final int[] left;
    private final int[] right;
    private final int[] feature;
    /** The split value, or on a leaf the leaf's value (XGBoost keeps both in the same field). */
    private final float[] condition;
    private final boolean[] defaultLeft;

    private TreeEnsemble(int features, float baseMargin, int[] roots, Nodes nodes) {
        this.features = features;
        this.baseMargin = baseMargin;
        this.roots = roots;
        this.left = nodes.left;
        this.right = nodes.right;
        this.feature = nodes.feature;
        this.condition = nodes.condition;
        this.defaultLeft = nodes.defaultLeft;
    }

    /**
     * Reads a model saved by XGBoost as JSON ({@code Booster.save_model("m.json")}, XGBoost4J's
     * {@code toByteArray("json")}) that takes {@code features} inputs.
     *
     * @throws IllegalStateException naming what is unreadable or unsupported
     */
    public static TreeEnsemble fromJson(byte[] json, int features) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw unsupported("it is not JSON: " + e.getMessage());
        }
        if (root == null || !root.path("learner").isObject()) {
            throw unsupported("it is not an XGBoost JSON model (no \"learner\" object)");
        }
        JsonNode learner = root.path("learner");
        String objective = learner.path("objective").path("name").asText("(none)");
        if (!objective.equals("binary:logistic")) {
            throw unsupported("objective '" + objective + "' is not supported (binary:logistic only)");
        }
        JsonNode booster = learner.path("gradient_booster");
        String boosterName = booster.path("name").asText("(none)");
        if (!boosterName.equals("gbtree")) {
            throw unsupported("booster '" + boosterName + "' is not supported (gbtree only)");
        }
        JsonNode param = learner.path("learner_model_param");
        int modelFeatures = integer(param, "num_feature");
        if (modelFeatures != features) {
            throw unsupported("it takes " + modelFeatures + " features, the featurizer gives " + features);
        }
        if (param.has("num_target") && integer(param, "num_target") != 1 || param.has("num_class")
                && integer(param, "num_class") > 1) {
            throw unsupported("it has several outputs (num_target/num_class); one is supported");
        }
        for (JsonNode type : learner.path("feature_types")) {
            if (!NUMERIC_FEATURE_TYPES.contains(type.asText())) {
                throw unsupported("feature type '" + type.asText() + "' is not supported (numeric features only)");
            }
        }
        float baseScore = number(text(param, "base_score").replace("[", "").replace("]", ""), "base_score");
        if (!(baseScore >= 0f && baseScore <= 1f)) {
            throw unsupported("base_score " + baseScore + " is outside [0, 1]");
        }
        JsonNode trees = booster.path("model").path("trees");
        if (!trees.isArray()) {
            throw unsupported("it has no gradient_booster.model.trees array");
        }
        Nodes nodes = new Nodes();
        int[] roots = new int[trees.size()];
        for (int t = 0; t < trees.size(); t++) {
            roots[t] = nodes.size;
            nodes.add(trees.get(t), t, features);
        }
        // XGBoost (3.x LogisticRegression::ProbToMargin) bounds the base score to [1e-6, 1 - 1e-6]
        // and turns it into a margin with logf: -logf(1/p - 1).
        float bounded = Math.min(Math.max(baseScore, BASE_SCORE_EPSILON), 1.0f - BASE_SCORE_EPSILON);
        float margin = -GlibcFloatMath.logf(1.0f / bounded - 1.0f);
        return new TreeEnsemble(features, margin, roots, nodes.trimmed());
    }

    public int features() {
        return features;
    }

    public int trees() {
        return roots.length;
    }

    /** Probability of class 1 for each row (its features as doubles, NaN for missing), as XGBoost predicts it. */
    public double[] predict(double[][] rows) {
        double[] scores = new double[rows.length];
        float[] row = new float[features];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != features) {
                throw new IllegalStateException("cannot score row " + (i + 1) + ": it has " + rows[i].length
                        + " features, the model takes " + features);
            }
            for (int j = 0; j < features; j++) {
                row[j] = (float) rows[i][j];
            }
            scores[i] = score(row);
        }
        return scores;
    }

    /** The score of one row of float32 features. */
    public float score(float[] row) {
        float margin = baseMargin;
        for (int root : roots) {
            int node = root;
            while (left[node] >= 0) {
                float value = row[feature[node]];
                if (Float.isNaN(value)) {
                    node = defaultLeft[node] ? left[node] : right[node];
                } else {
                    node = value < condition[node] ? left[node] : right[node];
                }
            }
            margin += condition[node];
        }
        return sigmoid(margin);
    }

    /** XGBoost's {@code common::Sigmoid}, in float32 as it computes it. */
    static float sigmoid(float margin) {
        float x = Math.min(-margin, 88.7f);
        float denominator = GlibcFloatMath.expf(x) + 1.0f + 1e-16f;
        return 1.0f / denominator;
    }

    /** The nodes of all trees, growing as trees are added. */
    private static final class Nodes {
        private int size;
        private int[] left = new int[64];
        private int[] right = new int[64];
        private int[] feature = new int[64];
        private float[] condition = new float[64];
        private boolean[] defaultLeft = new boolean[64];

        void add(JsonNode tree, int index, int features) {
            String where = "tree " + index + ": ";
            int count = integer(tree.path("tree_param"), "num_nodes");
            if (tree.path("tree_param").has("size_leaf_vector")
                    && integer(tree.path("tree_param"), "size_leaf_vector") > 1) {
                throw unsupported(where + "vector leaves are not supported");
            }
            List<int[]> ints = new ArrayList<>();
            for (String name : List.of("left_children", "right_children", "split_indices", "default_left")) {
                ints.add(ints(tree, name, count, where));
            }
            float[] conditions = floats(tree, "split_conditions", count, where);
            for (JsonNode type : tree.path("split_type")) {
                if (type.asInt() != 0) {
                    throw unsupported(where + "categorical splits are not supported");
                }
            }
            if (tree.path("categories").size() > 0 || tree.path("categories_nodes").size() > 0) {
                throw unsupported(where + "categorical splits are not supported");
            }
            grow(size + count);
            for (int n = 0; n < count; n++) {
                int l = ints.get(0)[n];
                int r = ints.get(1)[n];
                boolean leaf = l == -1;
                if (leaf != (r == -1) || !leaf && (l <= n || l >= count || r <= n || r >= count)) {
                    throw unsupported(where + "node " + n + " has children " + l + " and " + r);
                }
                int f = ints.get(2)[n];
                if (!leaf && (f < 0 || f >= features)) {
                    throw unsupported(where + "node " + n + " splits on feature " + f + " of " + features);
                }
                left[size + n] = leaf ? -1 : size + l;
                right[size + n] = leaf ? -1 : size + r;
                feature[size + n] = f;
                condition[size + n] = conditions[n];
                defaultLeft[size + n] = ints.get(3)[n] != 0;
            }
            size += count;
        }

        private void grow(int needed) {
            if (needed <= left.length) {
                return;
            }
            int capacity = Math.max(needed, left.length * 2);
            left = Arrays.copyOf(left, capacity);
            right = Arrays.copyOf(right, capacity);
            feature = Arrays.copyOf(feature, capacity);
            condition = Arrays.copyOf(condition, capacity);
            defaultLeft = Arrays.copyOf(defaultLeft, capacity);
        }

        Nodes trimmed() {
            left = Arrays.copyOf(left, size);
            right = Arrays.copyOf(right, size);
            feature = Arrays.copyOf(feature, size);
            condition = Arrays.copyOf(condition, size);
            defaultLeft = Arrays.copyOf(defaultLeft, size);
            return this;
        }
    }

    private static JsonNode array(JsonNode tree, String name, int count, String where) {
        JsonNode array = tree.path(name);
        if (!array.isArray() || array.size() != count) {
            throw unsupported(where + name + " should hold " + count + " values");
        }
        return array;
    }

    private static int[] ints(JsonNode tree, String name, int count, String where) {
        JsonNode array = array(tree, name, count, where);
        int[] values = new int[count];
        for (int i = 0; i < count; i++) {
            values[i] = array.get(i).asInt();
        }
        return values;
    }

    private static float[] floats(JsonNode tree, String name, int count, String where) {
        JsonNode array = array(tree, name, count, where);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            // From the decimal text straight to float: going through double could round twice.
            values[i] = number(array.get(i).isNumber() ? array.get(i).decimalValue().toString()
                    : array.get(i).asText(), where + name);
        }
        return values;
    }

    private static float number(String text, String what) {
        try {
            return Float.parseFloat(text);
        } catch (NumberFormatException e) {
            throw unsupported(what + " '" + text + "' is not a number");
        }
    }

    private static String text(JsonNode node, String field) {
        if (!node.has(field)) {
            throw unsupported("\"" + field + "\" is missing");
        }
        return node.get(field).asText();
    }

    private static int integer(JsonNode node, String field) {
        String text = text(node, field);
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw unsupported(field + " '" + text + "' is not an integer");
        }
    }

    private static IllegalStateException unsupported(String why) {
        return new IllegalStateException("cannot load XGBoost model: " + why);
    }
}
