package dev.mlops.ml;

import java.util.Map;
import java.util.TreeMap;

/**
 * A stratified train/validation/test split that any language reproduces exactly, so the Java
 * local backend and the SageMaker-side Python preprocessing put every row in the same split.
 * (scikit-learn's {@code train_test_split} depends on NumPy's generator, which the JVM lacks.)
 *
 * <p>Each row gets the key {@code splitmix64(seed + index * 0x9E3779B97F4A7C15)} (unsigned,
 * index 0-based in file order). Within each class (all rows, when not stratified) rows are
 * ordered by (key, index); of the class's n rows, {@code floor(n * test + 0.5)} go to test,
 * {@code floor(n * validation + 0.5)} to validation and the rest to train, taken in that order
 * from the front: train first, then validation, then test.
 */
public final class PortableSplit {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    public enum Part { TRAIN, VALIDATION, TEST }

    private PortableSplit() {
    }

    public static Part[] assign(int[] labels, double validation, double test, long seed, boolean stratify) {
        TreeMap<Integer, Integer> classes = new TreeMap<>();
        for (int label : labels) {
            classes.merge(stratify ? label : 0, 1, Integer::sum);
        }
        Part[] parts = new Part[labels.length];
        for (Map.Entry<Integer, Integer> c : classes.entrySet()) {
            int[] rows = new int[c.getValue()];
            int n = 0;
            for (int i = 0; i < labels.length; i++) {
                if (!stratify || labels[i] == c.getKey()) {
                    rows[n++] = i;
                }
            }
            sortByKey(rows, seed);
            int nTest = (int) Math.floor(n * test + 0.5);
            int nValidation = (int) Math.floor(n * validation + 0.5);
            int nTrain = Math.max(0, n - nValidation - nTest);
            for (int k = 0; k < n; k++) {
                parts[rows[k]] = k < nTrain ? Part.TRAIN : k < nTrain + nValidation ? Part.VALIDATION : Part.TEST;
            }
        }
        return parts;
    }

    /**
     * Orders {@code rows} (ascending indices) by (unsigned key, index): a stable least-significant-byte
     * radix sort on the keys, so equal keys keep index order, in eight linear passes with no boxing.
     */
    private static void sortByKey(int[] rows, long seed) {
        long[] keys = new long[rows.length];
        for (int k = 0; k < rows.length; k++) {
            keys[k] = key(seed, rows[k]);
        }
        int[] otherRows = new int[rows.length];
        long[] otherKeys = new long[rows.length];
        int[] from = rows;
        long[] fromKeys = keys;
        for (int shift = 0; shift < Long.SIZE; shift += Byte.SIZE) {
            int[] starts = new int[257];
            for (long key : fromKeys) {
                starts[((int) (key >>> shift) & 0xFF) + 1]++;
            }
            for (int b = 0; b < 256; b++) {
                starts[b + 1] += starts[b];
            }
            int[] to = from == rows ? otherRows : rows;
            long[] toKeys = fromKeys == keys ? otherKeys : keys;
            for (int k = 0; k < from.length; k++) {
                int slot = starts[(int) (fromKeys[k] >>> shift) & 0xFF]++;
                to[slot] = from[k];
                toKeys[slot] = fromKeys[k];
            }
            from = to;
            fromKeys = toKeys;
        }
        // eight passes: the sorted rows are back in the array passed in
    }

    /** The row's sort key; compared as unsigned (the XOR above flips the sign bit for that). */
    static long key(long seed, long index) {
        long z = seed + index * GOLDEN;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The indices of the rows in one part, in file order. */
    public static int[] rowsOf(Part[] parts, Part part) {
        return java.util.stream.IntStream.range(0, parts.length).filter(i -> parts[i] == part).toArray();
    }
}
