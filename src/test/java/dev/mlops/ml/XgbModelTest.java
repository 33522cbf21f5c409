package dev.mlops.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class XgbModelTest {
    private static final Map<String, Object> PARAMS = Map.of("objective", "binary:logistic", "max_depth", 6, "eta", 0.3,
            "eval_metric", "auc", "tree_method", "exact", "base_score", 0.5);

    @Test
    void earlyStoppingKeepsTheTreesUpToTheBestValidationRound() {
        // one informative feature, two noise features and 20 % flipped labels: deep trees overfit fast
        SplittableRandom random = new SplittableRandom(3);
        double[][] x = new double[1200][3];
        int[] y = new int[1200];
        for (int i = 0; i < x.length; i++) {
            x[i] = new double[] {random.nextDouble(), random.nextDouble(), random.nextDouble()};
            y[i] = (x[i][0] > 0.5) != (random.nextDouble() < 0.2) ? 1 : 0;
        }
        double[][] xTrain = java.util.Arrays.copyOfRange(x, 0, 800);
        int[] yTrain = java.util.Arrays.copyOfRange(y, 0, 800);
        double[][] xValidation = java.util.Arrays.copyOfRange(x, 800, 1200);
        int[] yValidation = java.util.Arrays.copyOfRange(y, 800, 1200);
        XgbModel.Trained stopped = XgbModel.train(FeatureMatrix.of(xTrain), yTrain,
                FeatureMatrix.of(xValidation), yValidation, PARAMS, 300, 10);
        List<Double> curve = stopped.validationCurve();
        assertTrue(curve.size() < 300, "training stopped early, after " + curve.size() + " rounds");
        int best = 0;
        for (int i = 1; i < curve.size(); i++) {
            best = curve.get(i) > curve.get(best) ? i : best;
        }
        assertEquals(best + 10 + 1, curve.size(), "it stops 10 rounds after the best one");
        try (XgbModel exact = XgbModel.train(xTrain, yTrain, xValidation, yValidation, PARAMS, best + 1).model()) {
            assertArrayEquals(exact.predict(xValidation), stopped.model().predict(xValidation),
                    "the kept model is the best round's: what SageMaker serves from an early-stopped model");
        }
        stopped.model().close();
    }
}
