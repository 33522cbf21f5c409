package dev.mlops.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    private static final List<String> TARGET_ALIASES = List.of("Machine_failure");
    private static final CsvTable.Label TARGET = new CsvTable.Label("Machine failure", TARGET_ALIASES);
    private static final CsvTable.Plan AI4I = new CsvTable.Plan(Optional.of(TARGET),
            List.of("Air temperature [K]", "Process temperature [K]", "Rotational speed [rpm]", "Torque [Nm]",
                    "Tool wear [min]"), List.of("Type", "Product ID"));

    @TempDir
    Path dir;

    @Test
    void readsTheRealAi4iFile() {
        Path file = RealAi4iFile.require();
        CsvTable table = CsvTable.read(file, "ai4i2020.csv", AI4I);
        assertEquals(10_000, table.rowCount());
        assertEquals("UDI", table.header().names().get(0), "the byte-order mark must not stick to the first name");
        assertEquals("Machine_failure", table.labelName());
        assertEquals(339, Arrays.stream(table.labels()).sum());
        String[] types = strings(table.categoricalColumn("Type"));
        assertEquals(6_000, Arrays.stream(types).filter("L"::equals).count());
        assertEquals(2_997, Arrays.stream(types).filter("M"::equals).count());
        assertEquals(1_003, Arrays.stream(types).filter("H"::equals).count());
        assertEquals(39.9869, Arrays.stream(table.numericColumn("Torque [Nm]")).average().orElseThrow(), 1e-4);
        assertEquals("M14860", strings(table.categoricalColumn("Product ID"))[0]);
        assertEquals(10_001, table.lineNumber(9_999));
    }

    @Test
    void readsGeneratedData() throws IOException {
        Path file = dir.resolve("ai4i.csv");
        Ai4iGenerator.write(new Ai4iGenerator.Request(2_000, 5), file);
        CsvTable table = CsvTable.read(file, "generated://ai4i?rows=2000&seed=5", AI4I);
        assertEquals(2_000, table.rowCount());
        assertEquals(14, table.header().names().size());
        assertEquals(2_000, table.labels().length);
    }

    @Test
    void readsOnlyTheHeaderWhenAskedFor() throws IOException {
        Path file = Files.writeString(dir.resolve("data.csv"), " a ,b\n1,2\n\"open");
        assertEquals(List.of("a", "b"), CsvTable.header(file, "data.csv").names());
    }

    @Test
    void handlesAByteOrderMarkAndCrlf() throws IOException {
        Path file = dir.resolve("bom.csv");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Files.write(file, concat(bom, "a,b\r\n1,2\r\n3,4\r\n".getBytes(StandardCharsets.UTF_8)));
        CsvTable table = CsvTable.read(file, "bom.csv", plan(List.of("a"), List.of("b")));
        assertEquals(List.of("a", "b"), table.header().names());
        assertArrayEquals(new double[] {1, 3}, table.numericColumn("a"));
        assertArrayEquals(new String[] {"2", "4"}, strings(table.categoricalColumn("b")));
        assertEquals(3, table.lineNumber(1));
    }

    @Test
    void handlesQuotedFieldsWithCommasQuotesAndLineBreaks() throws IOException {
        CsvTable table = table("name,note,x\n\"a, b\",\"say \"\"hi\"\"\nthere\",1\nplain,\"\",2\n",
                plan(List.of("x"), List.of("name", "note")));
        assertArrayEquals(new String[] {"a, b", "plain"}, strings(table.categoricalColumn("name")));
        assertArrayEquals(new String[] {"say \"hi\"\nthere", ""}, strings(table.categoricalColumn("note")));
        assertArrayEquals(new double[] {1, 2}, table.numericColumn("x"));
        assertEquals(2, table.lineNumber(0));
        assertEquals(4, table.lineNumber(1), "the line break inside the quotes counts as a file line");
    }

    @Test
    void readsAQuotedNumberAndNonAsciiText() throws IOException {
        CsvTable table = table("x,name\n\" 1.5 \",Müller\n2,日本\n", plan(List.of("x"), List.of("name")));
        assertArrayEquals(new double[] {1.5, 2}, table.numericColumn("x"));
        assertArrayEquals(new String[] {"Müller", "日本"}, strings(table.categoricalColumn("name")));
    }

    @Test
    void countsLinesAfterAQuotedLineBreakInErrors() {
        InputException error = assertThrows(InputException.class,
                () -> table("a,b\n\"x\ny\",1\n2\n", plan(List.of(), List.of())));
        assertEquals("cannot read data data.csv: line 4 has 1 field, the header has 2", error.getMessage());
    }

    @Test
    void skipsBlankTrailingLines() throws IOException {
        CsvTable table = table("a,b\n1,2\n\n\r\n\n", plan(List.of("a"), List.of()));
        assertEquals(1, table.rowCount());
    }

    @Test
    void acceptsALastLineWithoutLineBreak() throws IOException {
        assertArrayEquals(new double[] {2}, table("a,b\n1,2", plan(List.of("b"), List.of())).numericColumn("b"));
    }

    @Test
    void reportsARecordWithTheWrongNumberOfFields() {
        InputException error = assertThrows(InputException.class,
                () -> table("a,b\n1,2\n3,4,5\n", plan(List.of("a"), List.of())));
        assertEquals("cannot read data data.csv: line 3 has 3 fields, the header has 2", error.getMessage());
    }

    @Test
    void reportsAMissingColumnAndListsTheColumns() {
        InputException error = assertThrows(InputException.class,
                () -> table("a, b \n1,2\n", plan(List.of("Torque [Nm]"), List.of())));
        assertEquals("cannot read data data.csv: missing required column 'Torque [Nm]' (columns are: a, b)",
                error.getMessage());
    }

    @Test
    void namesTheAliasesOfAMissingColumn() {
        InputException error = assertThrows(InputException.class, () -> table("a\n1\n",
                new CsvTable.Plan(Optional.of(TARGET), List.of(), List.of())));
        assertEquals("cannot read data data.csv: missing required column 'Machine failure'"
                + " (also accepted as 'Machine_failure'; columns are: a)", error.getMessage());
    }

    @Test
    void comparesHeaderNamesAfterTrimming() throws IOException {
        CsvTable table = table(" Type ,x\nL,1\n", plan(List.of(), List.of("Type")));
        assertEquals(0, table.header().columnIndex("Type", List.of()));
        assertArrayEquals(new String[] {"L"}, strings(table.categoricalColumn("Type")));
    }

    @Test
    void reportsANonNumericCellWithRowLineAndColumn() {
        InputException error = assertThrows(InputException.class,
                () -> table("x,Torque [Nm]\n1,40.5\n2,abc\n", plan(List.of("Torque [Nm]"), List.of())));
        assertEquals("cannot read data data.csv: row 2 (line 3), column 'Torque [Nm]': 'abc' is not a number",
                error.getMessage());
    }

    @Test
    void reportsAnEmptyNumericCell() {
        InputException error = assertThrows(InputException.class, () -> table("x,y\n1,\n", plan(List.of("y"), List.of())));
        assertEquals("cannot read data data.csv: row 1 (line 2), column 'y': the cell is empty, a number is required",
                error.getMessage());
    }

    @Test
    void shortensALongCellInAMessage() {
        InputException error = assertThrows(InputException.class,
                () -> table("x\n" + "9".repeat(30) + "z".repeat(30) + "\n", plan(List.of("x"), List.of())));
        assertEquals("cannot read data data.csv: row 1 (line 2), column 'x': '" + "9".repeat(30) + "z".repeat(10)
                + "...' is not a number", error.getMessage());
    }

    @Test
    void acceptsDecimalNumbersOnly() throws IOException {
        assertArrayEquals(new double[] {1, -2.5, 0.5, 1000, 3, 1, -0.0},
                table("x\n1\n-2.5\n.5\n1e3\n 3 \n1.\n-0\n", plan(List.of("x"), List.of())).numericColumn("x"));
        for (String javaOnly : List.of("NaN", "Infinity", "1d", "0x1p3", "1e999", "1e", ".", "+", "1_000", "1..2")) {
            assertThrows(InputException.class, () -> table("x\n" + javaOnly + "\n", plan(List.of("x"), List.of())),
                    javaOnly);
        }
    }

    @Test
    void acceptsLabelsWrittenAsDecimals() throws IOException {
        CsvTable table = table("Machine_failure\n0\n1\n0.0\n1.0\n", new CsvTable.Plan(Optional.of(TARGET), List.of(),
                List.of()));
        assertArrayEquals(new int[] {0, 1, 0, 1}, table.labels());
    }

    @Test
    void reportsALabelThatIsNotZeroOrOne() {
        InputException error = assertThrows(InputException.class, () -> table("x,Machine failure\n1,0\n2,2\n",
                new CsvTable.Plan(Optional.of(TARGET), List.of(), List.of())));
        assertEquals("cannot read data data.csv: row 2 (line 3), column 'Machine failure':"
                + " a label must be 0 or 1, got '2'", error.getMessage());
    }

    @Test
    void reportsAnUnclosedQuoteWhereItOpened() {
        InputException error = assertThrows(InputException.class,
                () -> table("a,b\n1,\"open\n2,3\n", plan(List.of(), List.of())));
        assertEquals("cannot read data data.csv: line 2: a quoted field is not closed before the end of the file",
                error.getMessage());
    }

    @Test
    void reportsTextAfterAClosingQuote() {
        InputException error = assertThrows(InputException.class,
                () -> table("a,b\n\"x\"y,1\n", plan(List.of(), List.of())));
        assertTrue(error.getMessage().startsWith("cannot read data data.csv: line 2: unexpected character"),
                error.getMessage());
    }

    @Test
    void rejectsAnEmptyFileAndAHeaderWithoutRows() {
        assertEquals("cannot read data data.csv: the file is empty",
                assertThrows(InputException.class, () -> table("\n\n", plan(List.of(), List.of()))).getMessage());
        assertEquals("cannot read data data.csv: no data rows after the header",
                assertThrows(InputException.class, () -> table("a,b\n", plan(List.of(), List.of()))).getMessage());
    }

    @Test
    void rejectsAColumnNameThatAppearsTwice() {
        InputException error = assertThrows(InputException.class,
                () -> table("a,b,a\n1,2,3\n", plan(List.of("a"), List.of())));
        assertEquals("cannot read data data.csv: column 'a' appears twice (columns 1 and 3)", error.getMessage());
    }

    @Test
    void reportsAMissingFileUnderTheNameTheUserGave() {
        Path missing = dir.resolve("nope.csv");
        InputException error = assertThrows(InputException.class,
                () -> CsvTable.read(missing, "s3://bucket/nope.csv", plan(List.of(), List.of())));
        assertEquals("cannot read data s3://bucket/nope.csv: no such file " + missing, error.getMessage());
    }

    @Test
    void rejectsTextThatIsNotUtf8() throws IOException {
        Path file = Files.write(dir.resolve("latin1.csv"), "name,x\nA,1\nMüller,2\n".getBytes(StandardCharsets.ISO_8859_1));
        InputException error = assertThrows(InputException.class,
                () -> CsvTable.read(file, "latin1.csv", plan(List.of("x"), List.of())));
        assertEquals("cannot read data latin1.csv: the file is not UTF-8 text", error.getMessage(),
                "a column the build does not use must be UTF-8 too");
    }

    @Test
    void growsPastItsFirstCapacity() throws IOException {
        StringBuilder text = new StringBuilder("x,k\n");
        for (int i = 0; i < 5_000; i++) {
            text.append(i).append(',').append(i % 3 == 0 ? "A" : "B").append('\n');
        }
        CsvTable table = table(text.toString(), plan(List.of("x"), List.of("k")));
        assertEquals(5_000, table.rowCount());
        assertEquals(4_999.0, table.numericColumn("x")[4_999]);
        assertEquals(List.of("A", "B"), table.categoricalColumn("k").values());
        assertEquals(5_001, table.lineNumber(4_999));
    }

    static String[] strings(CsvTable.Categories column) {
        return Arrays.stream(column.codes()).mapToObj(column.values()::get).toArray(String[]::new);
    }

    private static CsvTable.Plan plan(List<String> numeric, List<String> categorical) {
        return new CsvTable.Plan(Optional.empty(), numeric, categorical);
    }

    private CsvTable table(String text, CsvTable.Plan plan) throws IOException {
        Path file = Files.writeString(dir.resolve("data.csv"), text);
        return CsvTable.read(file, "data.csv", plan);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
