package dev.mlops.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BinaryMetricsTest {

    @Test
    void computesScikitLearnDefinitionsByHand() {
        double[] scores = {0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1};
        int[] labels = {1, 0, 1, 0, 1, 0, 0, 0};
        BinaryMetrics m = BinaryMetrics.compute(scores, labels, 0.5);
        // Predicted 1: 0.9(1) 0.8(0) 0.7(1) 0.6(0) -> tp 2, fp 2; 0.4(1) is a false negative.
        assertEquals(2, m.truePositives());
        assertEquals(2, m.falsePositives());
        assertEquals(1, m.falseNegatives());
        assertEquals(3, m.trueNegatives());
        assertEquals(0.5, m.precision(), 1e-12);
        assertEquals(2.0 / 3, m.recall(), 1e-12);
        assertEquals(2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3), m.f1(), 1e-12);
        assertEquals(5.0 / 8, m.accuracy(), 1e-12);
        // Pairs (pos, neg) ranked correctly: 0.9 beats 5, 0.7 beats 4, 0.4 beats 3 -> 12 of 15.
        assertEquals(12.0 / 15, m.auc(), 1e-12);
    }

    @Test
    void tiesCountHalf() {
        BinaryMetrics m = BinaryMetrics.compute(new double[] {0.5, 0.5}, new int[] {1, 0}, 0.5);
        assertEquals(0.5, m.auc(), 1e-12);
        // Score equal to the threshold is not a positive prediction (label 1 only when score > 0.5).
        assertEquals(0, m.truePositives());
        assertEquals(0.0, m.precision());
    }

    @Test
    void rocCurveRunsFromOriginToOneOne() {
        BinaryMetrics m = BinaryMetrics.compute(new double[] {0.9, 0.1, 0.8, 0.3}, new int[] {1, 0, 0, 1}, 0.5);
        assertEquals(0.0, m.roc().get(0).x());
        BinaryMetrics.Point last = m.roc().get(m.roc().size() - 1);
        assertEquals(1.0, last.x());
        assertEquals(1.0, last.y());
        assertTrue(Double.isNaN(BinaryMetrics.compute(new double[] {0.2}, new int[] {1}, 0.5).auc()));
    }

    @Test
    void averagePrecisionIsScikitLearnsAndPrevalenceTheShareOfPositives() {
        // average_precision_score's documented example, and a case with tied scores (Debian's scikit-learn 1.2.1)
        BinaryMetrics example = BinaryMetrics.compute(new double[] {0.1, 0.4, 0.35, 0.8}, new int[] {0, 0, 1, 1}, 0.5);
        assertEquals(0.8333333333333333, example.averagePrecision(), 1e-15);
        BinaryMetrics ties = BinaryMetrics.compute(new double[] {0.5, 0.5, 0.9, 0.1, 0.5, 0.7}, new int[] {1, 0, 1, 0, 1, 0}, 0.5);
        assertEquals(0.7333333333333334, ties.averagePrecision(), 1e-15);
        assertEquals(0.5, ties.prevalence());
        assertEquals(1 / 3.0, ties.falsePositiveRate(), 1e-15);
    }
}
