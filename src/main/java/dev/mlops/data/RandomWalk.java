package dev.mlops.data;

/**
 * A random walk rescaled so that, over exactly {@code length} steps, it has mean 0 and the
 * requested standard deviation (the AI4I rule "random walk normalised to s.d. X").
 *
 * <p>The walk reverts slowly to its mean (time constant {@value #REVERSION_ROWS} rows). A pure
 * random walk over 10,000 rows makes only one or two long excursions, so the share of rows with a
 * small air/process temperature difference, and with it the HDF count, swung from about 10 to 260
 * between seeds; the slow reversion keeps the random-walk look row to row while making the failure
 * mix stable across seeds.
 *
 * <p>Normalising needs the walk's mean and s.d. before the first value is written; the walk is
 * replayed from its seed instead of being held in memory, so any number of rows streams.
 */
final class RandomWalk {
    static final int REVERSION_ROWS = 500;
    private static final double KEEP = 1.0 - 1.0 / REVERSION_ROWS;

    private final SplitMix64 random;
    private final double mean;
    private final double scale;
    private double level;

    private RandomWalk(long seed, double mean, double scale) {
        this.random = new SplitMix64(seed);
        this.mean = mean;
        this.scale = scale;
    }

    static RandomWalk normalised(long seed, int length, double standardDeviation) {
        SplitMix64 replay = new SplitMix64(seed);
        double level = 0;
        double mean = 0;
        double sumOfSquares = 0;
        for (int i = 1; i <= length; i++) {
            level = step(level, replay);
            double delta = level - mean;
            mean += delta / i;
            sumOfSquares += delta * (level - mean);
        }
        double observed = StrictMath.sqrt(sumOfSquares / length);
        // A one-row walk has no spread: it sits on the mean rather than dividing by zero.
        double scale = observed > 0 ? standardDeviation / observed : 0;
        return new RandomWalk(seed, mean, scale);
    }

    /** The next value: deviation from the mean, in the requested units. */
    double next() {
        level = step(level, random);
        return (level - mean) * scale;
    }

    private static double step(double level, SplitMix64 random) {
        return level * KEEP + random.nextGaussian();
    }
}
