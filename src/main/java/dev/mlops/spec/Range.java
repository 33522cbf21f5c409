package dev.mlops.spec;

/** An allowed numeric range, printed the way errors show it: "in [0, 1]", ">= 1", "in (0, 1]". */
public record Range(double min, boolean minInclusive, double max, boolean maxInclusive) {
    public static final Range ANY = new Range(Double.NEGATIVE_INFINITY, false, Double.POSITIVE_INFINITY, false);

    public static Range atLeast(double min) {
        return new Range(min, true, Double.POSITIVE_INFINITY, false);
    }

    public static Range above(double min) {
        return new Range(min, false, Double.POSITIVE_INFINITY, false);
    }

    public static Range closed(double min, double max) {
        return new Range(min, true, max, true);
    }

    public static Range openClosed(double min, double max) {
        return new Range(min, false, max, true);
    }

    public static Range open(double min, double max) {
        return new Range(min, false, max, false);
    }

    public boolean contains(double value) {
        boolean aboveMin = minInclusive ? value >= min : value > min;
        boolean belowMax = maxInclusive ? value <= max : value < max;
        return aboveMin && belowMax;
    }

    @Override
    public String toString() {
        if (Double.isInfinite(max)) {
            return (minInclusive ? ">= " : "> ") + number(min);
        }
        return "in " + (minInclusive ? "[" : "(") + number(min) + ", " + number(max) + (maxInclusive ? "]" : ")");
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
