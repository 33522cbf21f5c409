package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeapLimitTest {
    @TempDir
    Path dir;

    @Test
    void suggestsAHeapInQuarterGigabyteStepsThatHoldsTheRows() {
        assertEquals("256m", HeapLimit.suggested(10_000));
        assertEquals("256m", HeapLimit.suggested(200_000));
        assertEquals("512m", HeapLimit.suggested(1_000_000));
        assertEquals("1g", HeapLimit.suggested(3_000_000));
        assertEquals("1280m", HeapLimit.suggested(5_000_000));
    }

    @Test
    void countsDataRowsWhateverTheLineEnds() throws IOException {
        assertEquals(3, HeapLimit.rowsOf(Files.writeString(dir.resolve("lf.csv"), "h\n1\n2\n3\n")));
        assertEquals(3, HeapLimit.rowsOf(Files.writeString(dir.resolve("crlf.csv"), "h\r\n1\r\n2\r\n3\r\n")));
        assertEquals(3, HeapLimit.rowsOf(Files.writeString(dir.resolve("cr.csv"), "h\r1\r2\r3")));
        assertEquals(0, HeapLimit.rowsOf(dir.resolve("missing.csv")));
    }

    @Test
    void theMessageNamesTheHeapTheStepTheRowsAndTheXmx() {
        String message = HeapLimit.exceeded("Train", "generated://ai4i?rows=1000000", 1_000_000).getMessage();
        assertTrue(message.startsWith("cannot build on data generated://ai4i?rows=1000000: the Java heap ("), message);
        assertTrue(message.contains(" MB) ran out in the Train step; the data has 1,000,000 rows, which fit in -Xmx512m:"
                + " rerun with MLOPS_JAVA_OPTS=-Xmx512m"), message);
    }
}
