package dev.mlops.data;

import java.nio.charset.StandardCharsets;

/**
 * Parses a decimal number from ASCII bytes with the grammar the data reader has always accepted,
 * {@code [+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?}: no hex, no {@code NaN}/{@code Infinity}, no Java
 * suffixes. Numbers of up to 15 significant digits with a power of ten within 10^±22 (all of a
 * usual data file) take the exact fast path: one correctly rounded multiplication or division of
 * two exactly representable doubles, the same bits as {@link Double#parseDouble}; the rest go to it.
 */
final class Decimals {
    private static final double[] POWERS = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    private static final int EXACT_DIGITS = 15;
    private static final int KEPT_DIGITS = 18;

    private Decimals() {
    }

    /** The value of {@code b[from, to)}, or NaN when it is not a decimal number (it may be infinite). */
    static double parse(byte[] b, int from, int to) {
        int i = from;
        boolean negative = false;
        if (i < to && (b[i] == '+' || b[i] == '-')) {
            negative = b[i] == '-';
            i++;
        }
        long mantissa = 0;
        int digits = 0;
        int scale = 0;
        boolean exact = true;
        int wholeDigits = 0;
        for (; i < to && isDigit(b[i]); i++, wholeDigits++) {
            int d = b[i] - '0';
            if (digits < KEPT_DIGITS && (mantissa != 0 || d != 0)) {
                mantissa = mantissa * 10 + d;
                digits++;
            } else if (digits >= KEPT_DIGITS) {
                scale++;
                exact &= d == 0;
            }
        }
        int fractionDigits = 0;
        if (i < to && b[i] == '.') {
            for (i++; i < to && isDigit(b[i]); i++, fractionDigits++) {
                int d = b[i] - '0';
                if (digits < KEPT_DIGITS && (mantissa != 0 || d != 0)) {
                    mantissa = mantissa * 10 + d;
                    digits++;
                    scale--;
                } else if (digits < KEPT_DIGITS) {
                    scale--;
                } else {
                    exact &= d == 0;
                }
            }
        }
        if (wholeDigits + fractionDigits == 0) {
            return Double.NaN;
        }
        long exponent = 0;
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            boolean negativeExponent = false;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                negativeExponent = b[i] == '-';
                i++;
            }
            int exponentDigits = 0;
            for (; i < to && isDigit(b[i]); i++, exponentDigits++) {
                exponent = Math.min(exponent * 10 + (b[i] - '0'), Integer.MAX_VALUE);
            }
            if (exponentDigits == 0) {
                return Double.NaN;
            }
            exponent = negativeExponent ? -exponent : exponent;
        }
        if (i != to) {
            return Double.NaN;
        }
        long power = scale + exponent;
        double value;
        if (mantissa == 0) {
            value = 0.0;
        } else if (exact && digits <= EXACT_DIGITS && power >= -22 && power <= 22) {
            value = power < 0 ? mantissa / POWERS[(int) -power] : mantissa * POWERS[(int) power];
        } else {
            return Double.parseDouble(new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        }
        return negative ? -value : value;
    }

    private static boolean isDigit(byte c) {
        return c >= '0' && c <= '9';
    }
}
