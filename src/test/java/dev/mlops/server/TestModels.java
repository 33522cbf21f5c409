package dev.mlops.server;

import dev.mlops.data.Ai4iGenerator;
import dev.mlops.data.LocalArtifactStore;
import dev.mlops.deploy.DeploymentPolicy;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.ModelRef;
import dev.mlops.local.SqliteModelRegistry;
import dev.mlops.ml.Decision;
import dev.mlops.ml.FeatureLayout;
import dev.mlops.ml.Featurizer;
import dev.mlops.ml.XgbModel;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.NewModelPackage;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Real models for serving tests: trains XGBoost on generated AI4I rows, writes the featurizer and
 * booster into the state dir's artifact store and registers them in the state dir's SQLite
 * registry, as {@code mlops build} would.
 */
public final class TestModels {
    public static final String GROUP = "serving-test-models";
    public static final String WORKSHOP_RECORD = "L,298.4,308.2,1582,70.7,216";
    private static final List<String> NUMERIC = List.of("Air temperature [K]", "Process temperature [K]",
            "Rotational speed [rpm]", "Torque [Nm]", "Tool wear [min]");
    private final Path stateDir;
    private final LocalArtifactStore store;

    public TestModels(Path stateDir) {
        this.stateDir = stateDir;
        this.store = new LocalArtifactStore(stateDir);
    }

    /** A model trained for {@code rounds} rounds, registered as a new version of {@link #GROUP}. */
    public ModelRef train(String label, int rounds) {
        return train(label, rounds, Map.of());
    }

    /** As {@link #train(String, int)}, with the decision threshold a build chose (predicted_label is 1 above it). */
    public ModelRef trainWithThreshold(String label, int rounds, double threshold) {
        return train(label, rounds, Map.of(ModelRef.DECISION, store.write("s3://mlops-local/test-models/" + label
                + "/decision.json", Decision.of(threshold).toJson().getBytes(StandardCharsets.UTF_8))));
    }

    private ModelRef train(String label, int rounds, Map<String, String> more) {
        Trained trained = trainInMemory(rounds);
        String prefix = "s3://mlops-local/test-models/" + label + "/";
        Map<String, String> artifacts = new LinkedHashMap<>(more);
        artifacts.put(ModelRef.FEATURIZER, store.write(prefix + "featurizer.json",
                trained.featurizer().toJson().getBytes(StandardCharsets.UTF_8)));
        artifacts.put(ModelRef.MODEL, store.write(prefix + "xgboost-model.json", trained.model().toJson()));
        trained.model().close();
        return register(artifacts);
    }

    /** A registered package whose artifacts name the given URIs, written or not. */
    public ModelRef register(Map<String, String> artifacts) {
        try (SqliteModelRegistry registry = SqliteModelRegistry.open(stateDir, Clock.systemUTC())) {
            ModelPackage registered = registry.register(NewModelPackage.pending(GROUP, Map.of("auc", 0.9), artifacts, "test"));
            return ModelRef.of(registered);
        }
    }

    /** Overwrites an artifact of {@code model} with bytes that are not a model. */
    public void corrupt(ModelRef model, String artifact) {
        store.write(model.artifact(artifact), "{\"not\": \"a model\"".getBytes(StandardCharsets.UTF_8));
    }

    /** What the model scores for each record, computed here without any server. */
    public double[] expectedScores(ModelRef model, List<String> records) {
        Featurizer featurizer = Featurizer.fromJson(new String(store.read(model.artifact(ModelRef.FEATURIZER)),
                StandardCharsets.UTF_8), "test");
        try (XgbModel booster = XgbModel.load(store.read(model.artifact(ModelRef.MODEL)), featurizer.outputSize())) {
            double[][] rows = records.stream().map(r -> featurizer.transform(List.of(r.split(",", -1))))
                    .toArray(double[][]::new);
            return booster.predict(rows);
        }
    }

    public static EndpointConfig config(String endpoint, String env, ModelRef model, int capturePercent) {
        return new EndpointConfig(endpoint, env, model, "ml.m5.large", 1, capturePercent, DeploymentPolicy.allAtOnce());
    }

    record Trained(Featurizer featurizer, XgbModel model) {
    }

    static Trained trainInMemory(int rounds) {
        List<String[]> rows = generatedRows(800, 7);
        Featurizer featurizer = fitFeaturizer(rows);
        double[][] x = rows.stream().map(r -> featurizer.transform(List.of(r).subList(2, 8))).toArray(double[][]::new);
        int[] y = rows.stream().mapToInt(r -> Integer.parseInt(r[8])).toArray();
        Map<String, Object> params = Map.of("objective", "binary:logistic", "max_depth", 3, "eta", 0.3,
                "base_score", 0.5, "tree_method", "exact", "eval_metric", "auc");
        return new Trained(featurizer, XgbModel.train(x, y, new double[0][], new int[0], params, rounds).model());
    }

    /** The featurizer fitted on every row of an AI4I CSV (split into fields), as the build fits it on its train rows. */
    public static Featurizer fitFeaturizer(List<String[]> rows) {
        Map<String, double[]> numeric = new LinkedHashMap<>();
        for (int c = 0; c < NUMERIC.size(); c++) {
            int column = 3 + c;
            numeric.put(NUMERIC.get(c), rows.stream().mapToDouble(r -> Double.parseDouble(r[column])).toArray());
        }
        List<Featurizer.InputColumn> inputs = new ArrayList<>(List.of(new Featurizer.InputColumn("Type", false)));
        NUMERIC.forEach(name -> inputs.add(new Featurizer.InputColumn(name, true)));
        FeatureLayout layout = new FeatureLayout(inputs, NUMERIC,
                List.of(new Featurizer.OneHot("Type", List.of("H", "L", "M"))), List.of());
        return Featurizer.fit(layout, numeric, IntStream.range(0, rows.size()).toArray());
    }

    private static List<String[]> generatedRows(int count, long seed) {
        StringWriter out = new StringWriter();
        try {
            Ai4iGenerator.write(new Ai4iGenerator.Request(count, seed), out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString().lines().skip(1).map(line -> line.split(",")).toList();
    }
}
