package dev.mlops.data;

/**
 * SplitMix64 with a polar-method Gaussian. Our own rather than {@code SplittableRandom} because the
 * JDK does not promise that {@code nextGaussian()} keeps its algorithm across releases, and a
 * generated data set must be byte-identical for the same seed on every machine and JDK. The
 * Gaussian uses {@link StrictMath} for the same reason.
 */
final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1). */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in [0, bound); the modulo bias is below 2^-50 for the small bounds used here. */
    int nextInt(int bound) {
        return (int) ((nextLong() >>> 1) % bound);
    }

    boolean chance(double probability) {
        return nextDouble() < probability;
    }

    /** Standard normal (Marsaglia's polar method, spare value dropped to keep the stream simple). */
    double nextGaussian() {
        double u;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            double v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        return u * StrictMath.sqrt(-2 * StrictMath.log(s) / s);
    }
}
