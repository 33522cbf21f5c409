package dev.mlops.ml;

/**
 * scikit-learn's {@code StandardScaler().fit} of one column, with NumPy's own summation, so the
 * mean and scale (and so every scaled feature) are the bits scikit-learn computes for the same
 * rows in the same order: {@code np.sum} adds in blocks of 8,192, each summed pairwise with eight
 * accumulators; the variance is the corrected two-pass one of {@code _incremental_mean_and_var};
 * a (near-)constant column gets scale 1 ({@code _is_constant_feature}).
 */
public final class StandardScaling {
    private static final int NUMPY_BUFFER = 8192;
    private static final int PAIRWISE_BLOCK = 128;
    private static final int UNROLL = 8;
    private static final double EPS = Math.ulp(1.0);

    /** The fitted mean and scale of one column. */
    public record Fit(double mean, double scale) {
    }

    private StandardScaling() {
    }

    public static Fit fit(double[] values) {
        int n = values.length;
        double sum = numpySum(values);
        double mean = (0.0 + sum) / n;
        double[] deviations = new double[n];
        for (int i = 0; i < n; i++) {
            deviations[i] = values[i] - mean;
        }
        double correction = numpySum(deviations);
        for (int i = 0; i < n; i++) {
            deviations[i] = deviations[i] * deviations[i];
        }
        double variance = (numpySum(deviations) - correction * correction / n) / n;
        double bound = n * mean * EPS;
        boolean constant = variance <= n * EPS * variance + bound * bound;
        return new Fit(mean, constant ? 1.0 : Math.sqrt(variance));
    }

    /** {@code np.sum} of a contiguous float64 array. */
    static double numpySum(double[] values) {
        double total = 0.0;
        for (int from = 0; from < values.length; from += NUMPY_BUFFER) {
            total += pairwise(values, from, Math.min(NUMPY_BUFFER, values.length - from));
        }
        return total;
    }

    /** NumPy's {@code DOUBLE_pairwise_sum}. */
    private static double pairwise(double[] a, int from, int n) {
        if (n < UNROLL) {
            double sum = 0.0;
            for (int i = 0; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        if (n <= PAIRWISE_BLOCK) {
            double[] r = new double[UNROLL];
            System.arraycopy(a, from, r, 0, UNROLL);
            int i = UNROLL;
            for (; i < n - n % UNROLL; i += UNROLL) {
                for (int j = 0; j < UNROLL; j++) {
                    r[j] += a[from + i + j];
                }
            }
            double sum = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) {
                sum += a[from + i];
            }
            return sum;
        }
        int half = n / 2;
        half -= half % UNROLL;
        return pairwise(a, from, half) + pairwise(a, from + half, n - half);
    }
}
