package dev.mlops.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import dev.mlops.WorkFailedException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ai4iGeneratorTest {
    private static final String UCI_HEADER = "UDI,Product ID,Type,Air temperature [K],Process temperature [K],"
            + "Rotational speed [rpm],Torque [Nm],Tool wear [min],Machine failure,TWF,HDF,PWF,OSF,RNF";
    /** SHA-256 of the 1,000 rows of seed 42. */
    private static final String PINNED_SHA256 = "1b0bd8120019a039700288909e64d7f8939601ff9a13ebfd391ef63ba85dc519";

    @Test
    void sameRequestGivesSameBytes() throws IOException {
        assertEquals(csv(2_000, 7), csv(2_000, 7));
    }

    @Test
    void differentSeedsGiveDifferentData() throws IOException {
        assertNotEquals(csv(2_000, 7), csv(2_000, 8));
    }

    /**
     * The bytes of one request, pinned: they must not depend on the machine, the JDK or the locale.
     * A deliberate change to the generator changes every generated data set; update this with it.
     */
    @Test
    void keepsTheBytesOfAKnownRequest() throws IOException, NoSuchAlgorithmException {
        byte[] bytes = csv(1_000, 42).getBytes(StandardCharsets.UTF_8);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(PINNED_SHA256, sha256);
    }

    @Test
    void writesTheUciHeaderAndOneLinePerRow() throws IOException {
        List<String> lines = csv(500, 3).lines().toList();
        assertEquals(UCI_HEADER, lines.get(0));
        assertEquals(501, lines.size());
        List<Row> rows = rows(lines);
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i + 1, rows.get(i).udi());
        }
    }

    @Test
    void labelIsTheOrOfTheFailureModes() throws IOException {
        for (Row row : rows(csv(10_000, 42).lines().toList())) {
            boolean anyMode = row.twf() || row.hdf() || row.pwf() || row.osf() || row.rnf();
            assertEquals(anyMode, row.failure(), "row " + row.udi());
        }
    }

    @Test
    void heatPowerAndOverstrainFlagsFollowTheirFormulasOnTheWrittenValues() throws IOException {
        Map<String, Double> overstrainLimits = Map.of("L", 11_000.0, "M", 12_000.0, "H", 13_000.0);
        for (Row row : rows(csv(10_000, 42).lines().toList())) {
            double watts = row.torque() * row.rpm() * 2 * Math.PI / 60;
            assertEquals(row.process() - row.air() < 8.6 && row.rpm() < 1380, row.hdf(), "HDF row " + row.udi());
            assertEquals(watts < 3500 || watts > 9000, row.pwf(), "PWF row " + row.udi());
            assertEquals(row.wear() * row.torque() > overstrainLimits.get(row.type()), row.osf(),
                    "OSF row " + row.udi());
        }
    }

    @Test
    void toolWearGrowsByVariantAndRestartsAfterEachToolEnd() throws IOException {
        Map<String, Integer> wearPerProcess = Map.of("L", 2, "M", 3, "H", 5);
        List<Row> rows = rows(csv(10_000, 42).lines().toList());
        int toolEnds = 0;
        for (int i = 0; i + 1 < rows.size(); i++) {
            Row row = rows.get(i);
            int next = rows.get(i + 1).wear();
            if (next == 0) {
                toolEnds++;
                assertTrue(row.wear() >= 195 && row.wear() <= 240, "tool ended at " + row.wear() + " min");
            } else {
                assertEquals(row.wear() + wearPerProcess.get(row.type()), next, "wear after row " + row.udi());
                assertFalse(row.twf(), "TWF without a tool end at row " + row.udi());
            }
        }
        assertTrue(toolEnds > 100 && toolEnds < 160, toolEnds + " tool ends in 10,000 rows");
    }

    @Test
    void failureMixIsLikeTheRealFile() throws IOException {
        for (long seed : new long[] {42, 1, 2, 3}) {
            List<Row> rows = rows(csv(10_000, seed).lines().toList());
            long failures = rows.stream().filter(Row::failure).count();
            assertTrue(failures >= 250 && failures <= 450, "seed " + seed + ": " + failures + " failures");
            assertBetween(25, 75, rows.stream().filter(Row::twf).count(), "TWF, seed " + seed);
            assertBetween(40, 220, rows.stream().filter(Row::hdf).count(), "HDF, seed " + seed);
            assertBetween(60, 150, rows.stream().filter(Row::pwf).count(), "PWF, seed " + seed);
            assertBetween(60, 150, rows.stream().filter(Row::osf).count(), "OSF, seed " + seed);
            assertBetween(1, 25, rows.stream().filter(Row::rnf).count(), "RNF, seed " + seed);
        }
    }

    @Test
    void typeMixFollowsThePublishedShares() throws IOException {
        List<Row> rows = rows(csv(10_000, 42).lines().toList());
        assertBetween(4_700, 5_300, rows.stream().filter(r -> r.type().equals("L")).count(), "L");
        assertBetween(2_700, 3_300, rows.stream().filter(r -> r.type().equals("M")).count(), "M");
        assertBetween(1_700, 2_300, rows.stream().filter(r -> r.type().equals("H")).count(), "H");
    }

    @Test
    void columnsHaveThePublishedCentresAndSpreads() throws IOException {
        List<Row> rows = rows(csv(10_000, 42).lines().toList());
        double[] air = rows.stream().mapToDouble(Row::air).toArray();
        double[] difference = rows.stream().mapToDouble(r -> r.process() - r.air()).toArray();
        double[] torque = rows.stream().mapToDouble(Row::torque).toArray();
        double[] rpm = rows.stream().mapToDouble(Row::rpm).toArray();
        assertEquals(300, mean(air), 0.01);
        assertEquals(2, sd(air), 0.02);
        assertEquals(10, mean(difference), 0.01);
        assertEquals(1, sd(difference), 0.02);
        assertEquals(40, mean(torque), 0.5);
        assertEquals(10, sd(torque), 0.5);
        assertTrue(rows.stream().allMatch(r -> r.torque() >= 0), "negative torque");
        assertEquals(1539, mean(rpm), 25);
        assertEquals(179, sd(rpm), 20);
        assertTrue(rows.stream().allMatch(r -> r.rpm() >= 1000 && r.rpm() <= 2890), "speed out of range");
    }

    @Test
    void rejectsFewerThanOneRow() {
        InputException error = assertThrows(InputException.class, () -> new Ai4iGenerator.Request(0, 42));
        assertEquals("cannot generate AI4I data: rows must be between 1 and 10000000, got 0", error.getMessage());
        assertThrows(InputException.class, () -> new Ai4iGenerator.Request(-5, 42));
    }

    @Test
    void oneRowSitsOnTheMeanTemperatures() throws IOException {
        List<Row> rows = rows(csv(1, 42).lines().toList());
        assertEquals(1, rows.size());
        assertEquals(300.0, rows.get(0).air());
        assertEquals(310.0, rows.get(0).process());
    }

    @Test
    void writesAFileAtomicallyAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("nested/folder/ai4i.csv");
        Ai4iGenerator.write(new Ai4iGenerator.Request(300, 9), file);
        assertEquals(csv(300, 9), Files.readString(file));
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            assertEquals(List.of(file), siblings.toList());
        }
    }

    @Test
    void reportsAFileItCannotWrite(@TempDir Path dir) throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("plain-file"), "x");
        WorkFailedException error = assertThrows(WorkFailedException.class,
                () -> Ai4iGenerator.write(new Ai4iGenerator.Request(10, 1), notAFolder.resolve("data.csv")));
        assertTrue(error.getMessage().startsWith("cannot write generated data " + notAFolder.resolve("data.csv")),
                error.getMessage());
    }

    @Test
    void numbersProductsLikeTheRealFile() throws IOException {
        Map<String, Integer> serialBase = Map.of("L", 47_179, "M", 14_859, "H", 29_413);
        for (Row row : rows(csv(500, 3).lines().toList())) {
            assertEquals(row.type() + (serialBase.get(row.type()) + row.udi()), row.productId());
        }
    }

    static String csv(int rows, long seed) throws IOException {
        StringWriter out = new StringWriter();
        Ai4iGenerator.write(new Ai4iGenerator.Request(rows, seed), out);
        return out.toString();
    }

    /** A generated row, parsed here independently of the reader under test. */
    record Row(int udi, String productId, String type, double air, double process, int rpm, double torque,
            int wear, boolean failure, boolean twf, boolean hdf, boolean pwf, boolean osf, boolean rnf) {
        static Row parse(String line) {
            String[] f = line.split(",", -1);
            assertEquals(14, f.length, line);
            return new Row(Integer.parseInt(f[0]), f[1], f[2], Double.parseDouble(f[3]), Double.parseDouble(f[4]),
                    Integer.parseInt(f[5]), Double.parseDouble(f[6]), Integer.parseInt(f[7]), flag(f[8]),
                    flag(f[9]), flag(f[10]), flag(f[11]), flag(f[12]), flag(f[13]));
        }

        private static boolean flag(String value) {
            assertTrue(value.equals("0") || value.equals("1"), value);
            return value.equals("1");
        }
    }

    static List<Row> rows(List<String> lines) {
        return lines.stream().skip(1).map(Row::parse).toList();
    }

    private static void assertBetween(long low, long high, long actual, String what) {
        assertTrue(actual >= low && actual <= high, what + ": " + actual + " not in " + low + ".." + high);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double sd(double[] values) {
        double mean = mean(values);
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return Math.sqrt(squares / values.length);
    }
}
