package dev.mlops.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.spec.PipelineSpec.Threshold;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThresholdChoiceTest {
    // Highest first: 0.9(1) 0.8(1) 0.7(0) 0.6(1) 0.4(0) 0.3(1) 0.2(0) 0.1(0); 4 positives.
    private static final double[] SCORES = {0.3, 0.9, 0.1, 0.7, 0.8, 0.2, 0.6, 0.4};
    private static final int[] LABELS = {1, 1, 0, 0, 1, 0, 1, 0};

    @Test
    void maxF1TakesTheBestCutHalfwayToTheNextLowerScore() {
        // Cut below 0.6: tp 3, fp 1 -> precision 0.75, recall 0.75, F1 0.75; below 0.3: tp 4, fp 2 -> F1 0.8.
        ThresholdChoice choice = ThresholdChoice.choose(new Threshold(Threshold.MAX_F1, 0), SCORES, LABELS);
        assertEquals((0.3 + 0.2) / 2, choice.threshold());
        assertEquals(Optional.empty(), choice.failure());
        BinaryMetrics atChoice = BinaryMetrics.compute(SCORES, LABELS, choice.threshold());
        assertEquals(0.8, atChoice.f1(), 1e-12, "the chosen threshold gives the F1 it was chosen for");
    }

    @Test
    void minPrecisionTakesTheLowestThresholdThatStillReachesIt() {
        // precision >= 0.75 holds down to the cut below 0.6 (3 of 4); below 0.4 it is 3 of 5.
        ThresholdChoice choice = ThresholdChoice.choose(new Threshold(Threshold.MIN_PRECISION, 0.75), SCORES, LABELS);
        assertEquals((0.6 + 0.4) / 2, choice.threshold());
        assertEquals((0.8 + 0.7) / 2, ThresholdChoice.choose(new Threshold(Threshold.MIN_PRECISION, 1.0), SCORES, LABELS)
                .threshold(), "precision 1 holds for the two highest scores only");
    }

    @Test
    void aRuleNoThresholdSatisfiesSaysWhyAndFallsBackToHalf() {
        double[] scores = {0.9, 0.8, 0.3};
        int[] labels = {0, 1, 0};
        ThresholdChoice choice = ThresholdChoice.choose(new Threshold(Threshold.MIN_PRECISION, 0.9), scores, labels);
        assertEquals(0.5, choice.threshold());
        assertEquals(Optional.of("threshold rule min_precision 0.9 is not satisfied: no threshold reaches precision 0.9"
                + " on the validation split (the best is 0.5000)"), choice.failure());
        ThresholdChoice oneClass = ThresholdChoice.choose(new Threshold(Threshold.MAX_F1, 0), scores, new int[3]);
        assertTrue(oneClass.failure().orElseThrow().contains("(3 rows, 0 positive, 3 distinct scores)"), oneClass.toString());
    }

    @Test
    void aFixedThresholdIsKeptAsGiven() {
        ThresholdChoice choice = ThresholdChoice.choose(Threshold.fixed(0.35), SCORES, LABELS);
        assertEquals(0.35, choice.threshold());
        assertEquals(Optional.empty(), choice.failure());
    }
}
