package dev.mlops.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.data.NumberRows;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The split CSVs hold each double in its shortest round-tripping form: Java's writer reads back
 * bit for bit, and agrees digit for digit with Python's repr as model-build/preprocess.py lays it
 * out (java_double), so both backends write the same files.
 */
class ShortestNumberParityTest {
    private static Python python;

    @BeforeAll
    static void findPython() {
        python = Python.require();
    }

    @Test
    void everyDoubleReadsBackBitForBitAndMatchesPythonsRepr() {
        List<Double> values = samples();
        StringBuilder bits = new StringBuilder();
        values.forEach(v -> bits.append(Long.toHexString(Double.doubleToRawLongBits(v))).append('\n'));
        String script = "import struct, sys\n"
                + "sys.path.insert(0, 'model-build')\n"
                + "from preprocess import java_double\n"
                + "for line in sys.stdin:\n"
                + "    x = struct.unpack('<d', int(line, 16).to_bytes(8, 'little'))[0]\n"
                + "    print(java_double(x))\n";
        Python.Run run = python.run(List.of("-c", script), bits.toString());
        assertEquals(0, run.exitCode(), run.describe());
        String[] fromPython = run.out().split("\n");
        assertEquals(values.size(), fromPython.length);
        int subnormalsDiffering = 0;
        for (int i = 0; i < values.size(); i++) {
            double v = values.get(i);
            String java = NumberRows.shortest(v);
            assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(java)), java);
            assertTrue(java.length() <= Double.toString(v).length(), java + " is longer than " + Double.toString(v));
            if (Math.abs(v) < Double.MIN_NORMAL && !java.equals(fromPython[i])) {
                // Java's rule for a one-digit shortest: the closest two-digit decimal (4.9E-324, not 5.0E-324)
                assertEquals(java.length(), fromPython[i].length(), java + " vs " + fromPython[i]);
                assertEquals(Double.doubleToRawLongBits(v), Double.doubleToRawLongBits(Double.parseDouble(fromPython[i])));
                subnormalsDiffering++;
                continue;
            }
            assertEquals(fromPython[i], java, "the shortest form of " + Double.toString(v));
        }
        assertTrue(subnormalsDiffering < 50, subnormalsDiffering + " subnormals differ");
    }

    @Test
    void writesFewerDigitsThanJava17WhereItsDoubleToStringIsNotShortest() {
        assertEquals("1.0E23", NumberRows.shortest(1e23));
        assertEquals("5.684341886080802E-14", NumberRows.shortest(Math.scalb(1.0, -44)));
        assertEquals("0.001", NumberRows.shortest(0.001));
        assertEquals("1.0E7", NumberRows.shortest(1e7));
        assertEquals("-0.0", NumberRows.shortest(-0.0));
    }

    @Test
    void writesLabelFirstRowsWithLfLineEnds() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NumberRows rows = new NumberRows(bytes);
        rows.label(1);
        rows.number(-0.8521938190934717);
        rows.number(0.0);
        rows.number(1.0);
        rows.endRow();
        rows.label(0);
        rows.number(1e23);
        rows.endRow();
        rows.flush();
        assertEquals("1,-0.8521938190934717,0.0,1.0\n0,1.0E23\n", bytes.toString(StandardCharsets.US_ASCII));
        assertEquals(bytes.size(), rows.bytes());
    }

    /** Doubles of every kind: random bit patterns, feature-like values, integers, powers of two and ten. */
    private static List<Double> samples() {
        Random random = new Random(4511638);
        List<Double> values = new ArrayList<>();
        while (values.size() < 20_000) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (Double.isFinite(v)) {
                values.add(v);
            }
        }
        for (int i = 0; i < 20_000; i++) {
            values.add(random.nextGaussian() * (i % 2 == 0 ? 1 : 1000));
            values.add((random.nextInt(20_000) - 10_000) / 10.0);
        }
        for (int e = -1074; e <= 1023; e++) {
            values.add(Math.scalb(1.0, e));
        }
        for (int e = -323; e <= 308; e++) {
            values.add(Double.parseDouble("1e" + e));
        }
        for (int i = 1; i <= 100; i++) {
            values.add(Double.MIN_VALUE * i);
            values.add((double) i);
            values.add(-i / 3.0);
        }
        values.addAll(List.of(0.0, -0.0, Double.MAX_VALUE, Double.MIN_NORMAL, 2e23, 1e23, 9.999999999999999e22));
        return values;
    }
}
