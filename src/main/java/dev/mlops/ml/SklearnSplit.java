package dev.mlops.ml;

import dev.mlops.InputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.IntStream;

/**
 * scikit-learn 1.2's {@code train_test_split(rows, test_size=t, random_state=seed, stratify=labels)}
 * (or {@code stratify=None}), ported line by line from {@code StratifiedShuffleSplit} /
 * {@code ShuffleSplit} and {@code _approximate_mode} over NumPy's legacy generator, so the local
 * backend puts every row where the workshop's preprocessing did, in the same order: scikit-learn
 * returns the rows of each part permuted, and the order of the training rows reaches the model
 * (the scaler's sums and XGBoost's row order).
 */
public final class SklearnSplit {

    /** The row indices of each part, in the order scikit-learn returns them. */
    public record Rows(int[] train, int[] test) {
    }

    private SklearnSplit() {
    }

    /**
     * Splits the rows of {@code labels}; {@code source} names the data in error messages, which
     * say what scikit-learn would refuse (an empty part, a class with one row, ...).
     */
    public static Rows trainTestSplit(int[] labels, double testSize, long seed, boolean stratify, String source) {
        int n = labels.length;
        if (!(testSize > 0 && testSize < 1)) {
            throw new InputException("cannot split data " + source + ": test_size must be between 0 and 1 (exclusive),"
                    + " got " + testSize);
        }
        if (seed < 0 || seed > LegacyRandomState.MAX_SEED) {
            throw new InputException("cannot split data " + source + ": a scikit-learn random_state is between 0 and"
                    + " 2**32 - 1, got " + seed);
        }
        int nTest = (int) Math.ceil(testSize * n);
        int nTrain = n - nTest;
        if (nTrain <= 0) {
            throw new InputException("cannot split data " + source + ": with " + n + " rows and test_size " + testSize
                    + " the train split is empty");
        }
        LegacyRandomState rng = new LegacyRandomState(seed);
        if (!stratify) {
            int[] permutation = rng.permutation(n);
            return new Rows(Arrays.copyOfRange(permutation, nTest, nTest + nTrain), Arrays.copyOfRange(permutation, 0, nTest));
        }
        return stratified(labels, nTrain, nTest, rng, source);
    }

    private static Rows stratified(int[] labels, int nTrain, int nTest, LegacyRandomState rng, String source) {
        // np.unique sorts the classes; a stable argsort keeps each class's rows in file order
        TreeMap<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < labels.length; i++) {
            byClass.computeIfAbsent(labels[i], c -> new ArrayList<>()).add(i);
        }
        int[][] classRows = byClass.values().stream().map(rows -> rows.stream().mapToInt(Integer::intValue).toArray())
                .toArray(int[][]::new);
        long[] counts = Arrays.stream(classRows).mapToLong(rows -> rows.length).toArray();
        for (var entry : byClass.entrySet()) {
            if (entry.getValue().size() < 2) {
                throw new InputException("cannot split data " + source + ": label " + entry.getKey() + " has only "
                        + entry.getValue().size() + " row; a stratified split needs at least 2 rows of each class");
            }
        }
        if (nTrain < counts.length || nTest < counts.length) {
            throw new InputException("cannot split data " + source + ": a stratified split needs at least one row of each"
                    + " of the " + counts.length + " classes in each part, but the parts have " + nTrain + " and " + nTest
                    + " rows");
        }
        long[] trainPerClass = approximateMode(counts, nTrain, rng);
        long[] remaining = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            remaining[i] = counts[i] - trainPerClass[i];
        }
        long[] testPerClass = approximateMode(remaining, nTest, rng);
        int[] train = new int[nTrain];
        int[] test = new int[nTest];
        int trainAt = 0;
        int testAt = 0;
        for (int c = 0; c < classRows.length; c++) {
            int[] permutation = rng.permutation(classRows[c].length);
            for (int k = 0; k < trainPerClass[c] + testPerClass[c]; k++) {
                int row = classRows[c][permutation[k]];
                if (k < trainPerClass[c]) {
                    train[trainAt++] = row;
                } else {
                    test[testAt++] = row;
                }
            }
        }
        return new Rows(rng.permutation(train), rng.permutation(test));
    }

    /**
     * scikit-learn's {@code _approximate_mode}: each class gets floor(count / total * draws), and
     * the rows still missing go to the classes with the largest remainders, ties broken by
     * {@code rng.choice(..., replace=False)} (a permutation, of which the first ones are taken).
     */
    static long[] approximateMode(long[] counts, long draws, LegacyRandomState rng) {
        long total = Arrays.stream(counts).sum();
        double[] continuous = new double[counts.length];
        double[] floored = new double[counts.length];
        double flooredSum = 0;
        for (int i = 0; i < counts.length; i++) {
            continuous[i] = (double) counts[i] / (double) total * draws;
            floored[i] = Math.floor(continuous[i]);
            flooredSum += floored[i];
        }
        long needToAdd = (long) (draws - flooredSum);
        if (needToAdd > 0) {
            double[] remainder = new double[counts.length];
            for (int i = 0; i < counts.length; i++) {
                remainder[i] = continuous[i] - floored[i];
            }
            double[] values = Arrays.stream(remainder).distinct().sorted().toArray();
            for (int v = values.length - 1; v >= 0 && needToAdd > 0; v--) {
                double value = values[v];
                int[] inds = IntStream.range(0, counts.length).filter(i -> remainder[i] == value).toArray();
                int addNow = (int) Math.min(inds.length, needToAdd);
                int[] permutation = rng.permutation(inds.length);
                for (int k = 0; k < addNow; k++) {
                    floored[inds[permutation[k]]] += 1;
                }
                needToAdd -= addNow;
            }
        }
        long[] result = new long[counts.length];
        for (int i = 0; i < counts.length; i++) {
            result[i] = (long) floored[i];
        }
        return result;
    }
}
