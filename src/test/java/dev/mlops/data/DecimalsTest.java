package dev.mlops.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DecimalsTest {
    /** The grammar the reader has always accepted (the old reader's regular expression). */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    @Test
    void givesTheBitsOfParseDoubleOnRandomDecimals() {
        Random random = new Random(20261206);
        for (int i = 0; i < 200_000; i++) {
            String text = randomDecimal(random);
            assertSameAsJava(text);
        }
    }

    @Test
    void givesTheBitsOfParseDoubleOnHardCases() {
        for (String text : List.of("0", "-0", "+0", "0.0", "-0.0", "00012", "1.", ".5", "-.5", "1e0", "1E+2", "1e-2",
                "298.1", "42.8", "1551", "9007199254740993", "9007199254740992", "123456789012345678",
                "1234567890123456789012345", "0.1000000000000000055511151231257827", "2.2250738585072014E-308",
                "2.2250738585072011e-308", "4.9e-324", "2.4703282292062327e-324", "1.7976931348623157e308",
                "1e22", "1e23", "9e22", "123456789012345e-22", "0.000000000000000000000000000001", "1e-400",
                "0e999999999999", "1e400", "100000000000000000000000e-20", "3.141592653589793238462643383279")) {
            assertSameAsJava(text);
        }
    }

    @Test
    void refusesWhatTheGrammarRefuses() {
        for (String text : List.of("", "+", "-", ".", "e5", "1e", "1e+", "1.2.3", "1..2", "0x10", "1d", "1f", "NaN",
                "Infinity", "1_000", "1 2", "--1", "1e5.5", "١٢")) {
            assertTrue(Double.isNaN(parse(text)), text);
        }
    }

    private static void assertSameAsJava(String text) {
        assertTrue(DECIMAL.matcher(text).matches(), text);
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(parse(text)), text);
    }

    private static double parse(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Decimals.parse(bytes, 0, bytes.length);
    }

    private static String randomDecimal(Random random) {
        StringBuilder text = new StringBuilder();
        if (random.nextInt(4) == 0) {
            text.append(random.nextBoolean() ? '-' : '+');
        }
        int whole = random.nextInt(4) == 0 ? 0 : 1 + random.nextInt(random.nextBoolean() ? 6 : 22);
        int fraction = whole == 0 ? 1 + random.nextInt(20) : random.nextInt(random.nextBoolean() ? 5 : 20);
        digits(text, whole, random);
        if (fraction > 0 || random.nextInt(8) == 0) {
            text.append('.');
            digits(text, fraction, random);
        }
        if (random.nextInt(3) == 0) {
            text.append(random.nextBoolean() ? 'e' : 'E');
            if (random.nextBoolean()) {
                text.append(random.nextBoolean() ? '-' : '+');
            }
            text.append(random.nextInt(random.nextBoolean() ? 30 : 330));
        }
        return text.toString();
    }

    private static void digits(StringBuilder text, int count, Random random) {
        for (int i = 0; i < count; i++) {
            text.append((char) ('0' + (random.nextInt(3) == 0 ? 0 : random.nextInt(10))));
        }
    }
}
