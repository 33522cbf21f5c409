package dev.mlops.ml;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/** An XGBoost booster: training, scoring and its own JSON model format. */
public final class XgbModel implements AutoCloseable {
    static {
        // Before the first XGBoost4J call, whose loader would unpack the native library into the temporary directory.
        XgbNative.load();
    }

    private final Booster booster;
    private final int features;

    private XgbModel(Booster booster, int features) {
        this.booster = booster;
        this.features = features;
    }

    /**
     * A training run's result: the model and the eval metric per round for train and validation
     * (every round trained, also those after the best one when training stopped early), named as
     * XGBoost names it (its default for the objective when the parameters set none).
     */
    public record Trained(XgbModel model, List<Double> trainCurve, List<Double> validationCurve, String metric) {
    }

    /**
     * Trains as {@link #train(FeatureMatrix, int[], FeatureMatrix, int[], Map, int)}, stopping when the
     * validation metric has not improved for {@code earlyStopping} rounds. The model keeps the trees
     * up to the best round only (trained again for that many rounds: same rows, same parameters, one
     * thread, so the same trees), which is what SageMaker's XGBoost serves from an early-stopped
     * model (it predicts with the best iteration).
     */
    public static Trained train(FeatureMatrix xTrain, int[] yTrain, FeatureMatrix xValidation, int[] yValidation,
                                Map<String, Object> params, int rounds, int earlyStopping) {
        Trained full = fit(xTrain, yTrain, xValidation, yValidation, params, rounds, earlyStopping);
        int best = full.trainCurve().size();
        if (earlyStopping > 0) {
            try {
                best = Integer.parseInt(full.model().booster.getAttr("best_iteration")) + 1;
            } catch (XGBoostError | NumberFormatException | NullPointerException e) {
                return withEveryTreeUsed(full);
            }
        }
        if (best >= full.trainCurve().size()) {
            return withEveryTreeUsed(full);
        }
        full.model().close();
        Trained kept = fit(xTrain, yTrain, xValidation, yValidation, params, best, 0);
        return withEveryTreeUsed(new Trained(kept.model(), full.trainCurve(), full.validationCurve(), full.metric()));
    }

    /**
     * XGBoost4J records the round with the best validation metric as {@code best_iteration} even
     * without early stopping, and scorers that honour it (evaluate.py, XGBoost's scikit-learn API)
     * would drop the trees after it. Every tree of a model trained here is meant to be used, so its
     * best iteration is its last round.
     */
    private static Trained withEveryTreeUsed(Trained trained) {
        try {
            trained.model().booster.setAttr("best_iteration", Integer.toString(trained.model().booster.getNumBoostedRound() - 1));
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot record the model's best iteration: " + e.getMessage(), e);
        }
        return trained;
    }

    /**
     * Trains on (x, y) and logs the eval metric on the validation rows each round. One thread,
     * so the same rows and parameters give the same trees bit for bit.
     */
    public static Trained train(double[][] xTrain, int[] yTrain, double[][] xValidation, int[] yValidation,
                                Map<String, Object> params, int rounds) {
        return train(FeatureMatrix.of(xTrain), yTrain, FeatureMatrix.of(xValidation), yValidation, params, rounds);
    }

    /** As {@link #train(double[][], int[], double[][], int[], Map, int)}, from flat matrices. */
    public static Trained train(FeatureMatrix xTrain, int[] yTrain, FeatureMatrix xValidation, int[] yValidation,
                                Map<String, Object> params, int rounds) {
        return train(xTrain, yTrain, xValidation, yValidation, params, rounds, 0);
    }

    private static Trained fit(FeatureMatrix xTrain, int[] yTrain, FeatureMatrix xValidation, int[] yValidation,
                               Map<String, Object> params, int rounds, int earlyStopping) {
        Map<String, Object> effective = new LinkedHashMap<>(params);
        effective.putIfAbsent("nthread", 1);
        effective.put("verbosity", 0);
        // XGBoost4J logs every round's eval line to the console otherwise; the curves go in the report.
        effective.put("verbose_eval", 0);
        try {
            DMatrix train = matrix(xTrain, yTrain);
            Map<String, DMatrix> watches = new LinkedHashMap<>();
            watches.put("train", train);
            if (xValidation.rows() > 0) {
                watches.put("validation", matrix(xValidation, yValidation));
            }
            float[][] log = new float[watches.size()][rounds];
            Booster booster = XGBoost.train(train, effective, rounds, watches, log, null, null, earlyStopping);
            String metric = metricName(booster.evalSet(new DMatrix[] {train}, new String[] {"train"}, 0));
            watches.values().forEach(DMatrix::dispose);
            int trained = booster.getNumBoostedRound();
            return new Trained(new XgbModel(booster, xTrain.columns()), curve(log, 0, trained),
                    watches.size() > 1 ? curve(log, 1, trained) : List.of(), metric);
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot train XGBoost model: " + e.getMessage(), e);
        }
    }

    public static XgbModel load(byte[] json, int features) {
        try {
            return new XgbModel(XGBoost.loadModel(json), features);
        } catch (XGBoostError | IOException e) {
            throw new IllegalStateException("cannot load XGBoost model: " + e.getMessage(), e);
        }
    }

    /** Probability of class 1 for each row; safe to call from several threads. */
    public double[] predict(double[][] rows) {
        return predict(FeatureMatrix.of(rows));
    }

    /** Probability of class 1 for each row of {@code rows}. */
    public double[] predict(FeatureMatrix rows) {
        if (rows.rows() == 0) {
            return new double[0];
        }
        try {
            float[][] out = booster.inplace_predict(rows.values(), rows.rows(), features, Float.NaN);
            double[] scores = new double[rows.rows()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = out[i][0];
            }
            return scores;
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot score with XGBoost model: " + e.getMessage(), e);
        }
    }

    /** The model in XGBoost's own JSON format, loadable by any XGBoost (Python included). */
    public byte[] toJson() {
        try {
            return booster.toByteArray("json");
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot save XGBoost model: " + e.getMessage(), e);
        }
    }

    /** Total gain per feature, named by {@code names} (XGBoost's f0, f1, ... mapped to them). */
    public Map<String, Double> importance(List<String> names) {
        try {
            Map<String, Double> gain = booster.getScore((String) null, "total_gain");
            Map<String, Double> named = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                named.put(names.get(i), gain.getOrDefault("f" + i, 0.0));
            }
            return named;
        } catch (XGBoostError e) {
            throw new IllegalStateException("cannot read feature importance: " + e.getMessage(), e);
        }
    }

    public int features() {
        return features;
    }

    @Override
    public void close() {
        booster.dispose();
    }

    private static DMatrix matrix(FeatureMatrix x, int[] y) throws XGBoostError {
        DMatrix matrix = new DMatrix(x.values(), x.rows(), x.columns(), Float.NaN);
        float[] labels = new float[y.length];
        for (int i = 0; i < y.length; i++) {
            labels[i] = y[i];
        }
        matrix.setLabel(labels);
        return matrix;
    }

    /** "auc" from XGBoost's eval line "[9]\ttrain-auc:0.97", the line the watches' values come from. */
    private static String metricName(String evalLine) {
        int start = evalLine.indexOf("\ttrain-");
        int end = evalLine.indexOf(':', start);
        return start < 0 || end < 0 ? "eval metric" : evalLine.substring(start + "\ttrain-".length(), end);
    }

    /** The metric of the rounds trained (an early stop leaves the rest of the log at 0). */
    private static List<Double> curve(float[][] log, int index, int rounds) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < Math.min(rounds, log[index].length); i++) {
            values.add((double) log[index][i]);
        }
        return List.copyOf(values);
    }
}
