package dev.mlops.ml;

/**
 * NumPy's legacy {@code numpy.random.RandomState(seed)} for an int seed, as far as scikit-learn's
 * splits use it: MT19937 seeded the way NumPy seeds it from one 32-bit int ({@code mt19937_seed},
 * not {@code init_by_array}), NumPy's bounded draw ({@code random_interval}: mask, then reject) and
 * its Fisher–Yates {@code shuffle}/{@code permutation}. Same seed, same sequence, to the bit.
 */
final class LegacyRandomState {
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER = 0x80000000;
    private static final int LOWER = 0x7fffffff;
    static final long MAX_SEED = 0xFFFFFFFFL;

    private final int[] key = new int[N];
    private int pos;

    LegacyRandomState(long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException("a NumPy seed is between 0 and 2**32 - 1, got " + seed);
        }
        int s = (int) seed;
        for (int i = 0; i < N; i++) {
            key[i] = s;
            s = 1812433253 * (s ^ (s >>> 30)) + i + 1;
        }
        pos = N;
    }

    /** The next 32 random bits (NumPy's {@code next_uint32}), as an unsigned value. */
    long nextUint32() {
        if (pos == N) {
            generate();
        }
        int y = key[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y & 0xFFFFFFFFL;
    }

    private void generate() {
        int i = 0;
        for (; i < N - M; i++) {
            key[i] = key[i + M] ^ twist(key[i], key[i + 1]);
        }
        for (; i < N - 1; i++) {
            key[i] = key[i + M - N] ^ twist(key[i], key[i + 1]);
        }
        key[N - 1] = key[M - 1] ^ twist(key[N - 1], key[0]);
        pos = 0;
    }

    private static int twist(int upper, int lower) {
        int y = (upper & UPPER) | (lower & LOWER);
        return (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }

    /**
     * A uniform int in [0, max]: NumPy's {@code random_interval}, which masks 32 bits to the smallest
     * all-ones mask covering max and draws again while above it (a Java array index is below 2**31,
     * so NumPy's 64-bit branch is never taken).
     */
    int interval(int max) {
        if (max == 0) {
            return 0;
        }
        long mask = max;
        mask |= mask >>> 1;
        mask |= mask >>> 2;
        mask |= mask >>> 4;
        mask |= mask >>> 8;
        mask |= mask >>> 16;
        long value;
        do {
            value = nextUint32() & mask;
        } while (value > max);
        return (int) value;
    }

    /** {@code RandomState.shuffle} of a 1-d array, in place: i from n-1 down to 1 swaps with interval(i). */
    void shuffle(int[] values) {
        for (int i = values.length - 1; i >= 1; i--) {
            int j = interval(i);
            int swap = values[j];
            values[j] = values[i];
            values[i] = swap;
        }
    }

    /** {@code RandomState.permutation(n)}: 0..n-1 shuffled. */
    int[] permutation(int n) {
        int[] values = new int[n];
        for (int i = 0; i < n; i++) {
            values[i] = i;
        }
        shuffle(values);
        return values;
    }

    /** {@code RandomState.permutation(array)}: a shuffled copy. */
    int[] permutation(int[] values) {
        int[] copy = values.clone();
        shuffle(copy);
        return copy;
    }
}
