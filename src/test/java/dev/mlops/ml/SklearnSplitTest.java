package dev.mlops.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The port's published reference points, without Python (WorkshopParityTest compares it with
 * scikit-learn itself): MT19937's reference output, the examples in scikit-learn's own docstring
 * of {@code _approximate_mode}, and the shape of a split.
 */
class SklearnSplitTest {

    @Test
    void mersenneTwisterGivesTheReferenceOutputForSeed5489() {
        // 3499211612 is the first output of init_genrand(5489), the reference implementation's default seed.
        assertEquals(3_499_211_612L, new LegacyRandomState(5489).nextUint32());
    }

    @Test
    void approximateModeGivesScikitLearnsDocumentedExamples() {
        assertArrayEquals(new long[] {2, 1}, SklearnSplit.approximateMode(new long[] {4, 2}, 3, new LegacyRandomState(0)));
        assertArrayEquals(new long[] {3, 1}, SklearnSplit.approximateMode(new long[] {5, 2}, 4, new LegacyRandomState(0)));
        assertArrayEquals(new long[] {0, 1, 1, 0},
                SklearnSplit.approximateMode(new long[] {2, 2, 2, 1}, 2, new LegacyRandomState(0)));
        assertArrayEquals(new long[] {1, 1, 0, 0},
                SklearnSplit.approximateMode(new long[] {2, 2, 2, 1}, 2, new LegacyRandomState(42)));
    }

    @Test
    void stratifiedSplitKeepsTheClassShareAndUsesEveryRowOnce() {
        int[] labels = IntStream.range(0, 10_000).map(i -> i % 29 == 0 ? 1 : 0).toArray();
        SklearnSplit.Rows rows = SklearnSplit.trainTestSplit(labels, 0.2, 0, true, "test data");
        assertEquals(8_000, rows.train().length);
        assertEquals(2_000, rows.test().length);
        int[] all = IntStream.concat(Arrays.stream(rows.train()), Arrays.stream(rows.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 10_000).toArray(), all);
        assertEquals(69, Arrays.stream(rows.test()).filter(i -> labels[i] == 1).count(), "345 failures, 20 % rounded");
        assertTrue(!Arrays.equals(rows.train(), Arrays.stream(rows.train()).sorted().toArray()), "rows come permuted");
    }

    @Test
    void whatScikitLearnRefusesIsAnInputErrorNamingTheData() {
        int[] oneFailure = IntStream.range(0, 50).map(i -> i == 7 ? 1 : 0).toArray();
        InputException e = assertThrows(InputException.class,
                () -> SklearnSplit.trainTestSplit(oneFailure, 0.2, 0, true, "data.csv"));
        assertEquals("cannot split data data.csv: label 1 has only 1 row; a stratified split needs at least 2 rows of each"
                + " class", e.getMessage());
        e = assertThrows(InputException.class, () -> SklearnSplit.trainTestSplit(new int[] {0, 1, 0, 1}, 0.2, 0, true, "d"));
        assertTrue(e.getMessage().contains("needs at least one row of each of the 2 classes in each part"), e.getMessage());
        e = assertThrows(InputException.class, () -> SklearnSplit.trainTestSplit(new int[] {0, 1}, 0.2, -1, false, "d"));
        assertTrue(e.getMessage().contains("between 0 and 2**32 - 1, got -1"), e.getMessage());
    }
}
