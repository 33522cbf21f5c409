package dev.mlops.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The strip of a record's fields agrees with the regex it replaced, on every mix of edge characters. */
class RecordShapeTest {
    @Test
    void stripRemovesExactlyTheSurroundingAsciiWhitespace() {
        String pieces = " \t\n\r\u000B\f\u0000\u00A0\u2003a1.,-";
        long seed = 20261206L;
        Random random = new Random(seed);
        for (int i = 0; i < 50_000; i++) {
            StringBuilder value = new StringBuilder();
            for (int j = random.nextInt(8); j > 0; j--) {
                value.append(pieces.charAt(random.nextInt(pieces.length())));
            }
            String text = value.toString();
            assertEquals(text.replaceAll("^[ \\t\\n\\r\\x0B\\f]+|[ \\t\\n\\r\\x0B\\f]+$", ""), RecordShape.strip(text),
                    "seed " + seed + ": " + text.chars().mapToObj(Integer::toHexString).toList());
        }
    }
}
