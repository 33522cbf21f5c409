package dev.mlops.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The columnar reader gives what the String-per-cell reader it replaced gave ({@link StringCsvTable},
 * the project's reader as of 463819e): the same header, rows, lines, numbers bit for bit, labels and
 * category values on the real file, generated data and edge cases, and the same message for bad input.
 */
class CsvReaderParityTest {
    private static final List<String> NUMERIC = List.of("Air temperature [K]", "Process temperature [K]",
            "Rotational speed [rpm]", "Torque [Nm]", "Tool wear [min]");
    private static final CsvTable.Label LABEL = new CsvTable.Label("Machine failure", List.of("Machine_failure"));
    private static final CsvTable.Plan AI4I = new CsvTable.Plan(Optional.of(LABEL), NUMERIC, List.of("Type", "Product ID"));

    @TempDir
    Path dir;

    @Test
    void theRealFileReadsTheSame() throws IOException {
        assertSame(RealAi4iFile.require(), AI4I);
    }

    @Test
    void generatedDataReadsTheSame() throws IOException {
        Path file = dir.resolve("ai4i.csv");
        Ai4iGenerator.write(new Ai4iGenerator.Request(5_000, 11), file);
        assertSame(file, AI4I);
    }

    @Test
    void edgeCasesReadTheSame() throws IOException {
        CsvTable.Plan plan = new CsvTable.Plan(Optional.of(new CsvTable.Label("y", List.of("Y"))), List.of("x"),
                List.of("k"));
        List<String> cases = List.of(
                "x,k,y\n1,a,0\n2,b,1\n",
                "\uFEFFx,k,y\r\n1,a,0\r\n2,b,1\r\n",
                "x,k,y\r1,a,0\r2,b,1\r",
                "x,k,y\n1,a,0\n\n\r\n2,b,1",
                " x , k ,Y\n 1 , a ,1.0\n\t2\t,\tb\t, 0.0 \n",
                "x,k,y\n\"1.5\",\"a,b\",\"1\"\n\"2\",\"say \"\"hi\"\"\nthere\",0\n",
                "x,k,y\n1,,0\n2,\"\",1\n",
                "x,k,y\n1,Müller,0\n2,日本,1\n",
                "x,k,y\n1e3,a,0\n.5,a,0\n-0,a,1\n1.,a,0\n+7,a,0\n0.1000000000000000055511151231257827,a,0\n",
                "x,k,y\n123456789012345678901234567890,a,0\n4.9e-324,a,1\n1e-400,a,0\n",
                "x,k,y\n,a,0\n",
                "x,k,y\n1,a,0\nabc,a,0\n",
                "x,k,y\n1,a,0\n1e999,a,0\n",
                "x,k,y\n0x1p3,a,0\n",
                "x,k,y\nNaN,a,0\n",
                "x,k,y\n1,a,2\n",
                "x,k,y\n1,a,\n",
                "x,k,y\n1,a,0\n2,b\n",
                "x,k,y\n1,a,0,9\n",
                "x,k,y\n1,\"open,0\n",
                "x,k,y\n1,\"a\"b,0\n",
                "x,k,y\n",
                "\n\n",
                "x,k\n1,a\n",
                "x,k,y,x\n1,a,0,2\n",
                "x,k,y\n" + "7".repeat(45) + "z,a,0\n");
        for (String text : cases) {
            Path file = Files.writeString(dir.resolve("case.csv"), text);
            assertSame(file, plan);
        }
    }

    @Test
    void randomNumbersAndQuotingReadTheSame() throws IOException {
        Random random = new Random(12);
        StringBuilder text = new StringBuilder("x,k,y\n");
        for (int i = 0; i < 3_000; i++) {
            String number = Double.toString(random.nextGaussian() * Math.pow(10, random.nextInt(30) - 15));
            String category = "c" + random.nextInt(50);
            text.append(random.nextBoolean() ? "\"" + number + "\"" : number).append(',')
                    .append(random.nextBoolean() ? " " + category : "\"" + category + "\"").append(',')
                    .append(random.nextInt(2)).append(random.nextInt(5) == 0 ? "\r\n" : "\n");
        }
        Path file = Files.writeString(dir.resolve("random.csv"), text);
        assertSame(file, new CsvTable.Plan(Optional.of(new CsvTable.Label("y", List.of())), List.of("x"), List.of("k")));
    }

    private static void assertSame(Path file, CsvTable.Plan plan) throws IOException {
        String where = file.getFileName() + ": " + Files.readString(file, StandardCharsets.UTF_8).lines().limit(4).toList();
        Object expected;
        try {
            expected = oldColumns(file, plan);
        } catch (InputException e) {
            expected = e.getMessage();
        }
        Object actual;
        try {
            actual = newColumns(file, plan);
        } catch (InputException e) {
            actual = e.getMessage();
        }
        if (expected instanceof String || actual instanceof String) {
            assertEquals(expected, actual, where);
            return;
        }
        List<?> old = (List<?>) expected;
        List<?> now = (List<?>) actual;
        assertEquals(old.size(), now.size(), where);
        for (int i = 0; i < old.size(); i++) {
            Object o = old.get(i);
            Object n = now.get(i);
            if (o instanceof long[] a) {
                assertArrayEquals(a, (long[]) n, where + " item " + i);
            } else if (o instanceof int[] a) {
                assertArrayEquals(a, (int[]) n, where + " item " + i);
            } else if (o instanceof String[] a) {
                assertArrayEquals(a, (String[]) n, where + " item " + i);
            } else {
                assertEquals(o, n, where + " item " + i);
            }
        }
    }

    /** Header, rows, lines, label, each numeric column's bits, each categorical column's values. */
    private static List<Object> oldColumns(Path file, CsvTable.Plan plan) throws IOException {
        StringCsvTable table = StringCsvTable.read(file, "data.csv");
        List<Object> columns = new ArrayList<>(List.of(table.header(), table.rowCount()));
        columns.add(java.util.stream.IntStream.range(0, table.rowCount()).map(table::lineNumber).toArray());
        plan.label().ifPresent(l -> columns.add(table.labelColumn(l.name(), l.aliases())));
        for (String name : plan.numeric()) {
            columns.add(Arrays.stream(table.numericColumn(name)).mapToLong(Double::doubleToRawLongBits).toArray());
        }
        for (String name : plan.categorical()) {
            columns.add(table.stringColumn(name));
        }
        return columns;
    }

    private static List<Object> newColumns(Path file, CsvTable.Plan plan) {
        CsvTable table = CsvTable.read(file, "data.csv", plan);
        List<Object> columns = new ArrayList<>(List.of(table.header().names(), table.rowCount()));
        columns.add(java.util.stream.IntStream.range(0, table.rowCount()).map(table::lineNumber).toArray());
        plan.label().ifPresent(l -> columns.add(table.labels()));
        for (String name : plan.numeric()) {
            columns.add(Arrays.stream(table.numericColumn(name)).mapToLong(Double::doubleToRawLongBits).toArray());
        }
        for (String name : plan.categorical()) {
            columns.add(CsvTableTest.strings(table.categoricalColumn(name)));
        }
        return columns;
    }
}
