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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTableTest {
    private static final List<String> TARGET_ALIASES = List.of("Machine_failure");

    @TempDir
    Path dir;

    @Test
    void readsTheRealAi4iFile() {
        Path file = RealAi4iFile.require();
        CsvTable table = CsvTable.read(file, "ai4i2020.csv");
        assertEquals(10_000, table.rowCount());
        assertEquals("UDI", table.header().get(0), "the byte-order mark must not stick to the first name");
        assertEquals(339, Arrays.stream(table.labelColumn("Machine failure", TARGET_ALIASES)).sum());
        String[] types = table.stringColumn("Type");
        assertEquals(6_000, Arrays.stream(types).filter("L"::equals).count());
        assertEquals(2_997, Arrays.stream(types).filter("M"::equals).count());
        assertEquals(1_003, Arrays.stream(types).filter("H"::equals).count());
        assertEquals(39.9869, Arrays.stream(table.numericColumn("Torque [Nm]")).average().orElseThrow(), 1e-4);
        assertEquals("M14860", table.row(0).get(1));
        assertEquals(10_001, table.lineNumber(9_999));
    }

    @Test
    void readsGeneratedData() throws IOException {
        Path file = dir.resolve("ai4i.csv");
        Ai4iGenerator.write(new Ai4iGenerator.Request(2_000, 5), file);
        CsvTable table = CsvTable.read(file, "generated://ai4i?rows=2000&seed=5");
        assertEquals(2_000, table.rowCount());
        assertEquals(14, table.header().size());
        assertEquals(2_000, table.labelColumn("Machine failure", TARGET_ALIASES).length);
    }

    @Test
    void handlesAByteOrderMarkAndCrlf() throws IOException {
        Path file = dir.resolve("bom.csv");
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Files.write(file, concat(bom, "a,b\r\n1,2\r\n3,4\r\n".getBytes(StandardCharsets.UTF_8)));
        CsvTable table = CsvTable.read(file, "bom.csv");
        assertEquals(List.of("a", "b"), table.header());
        assertArrayEquals(new double[] {1, 3}, table.numericColumn("a"));
        assertEquals(List.of("3", "4"), table.row(1));
    }

    @Test
    void handlesQuotedFieldsWithCommasQuotesAndLineBreaks() throws IOException {
        CsvTable table = table("name,note,x\n\"a, b\",\"say \"\"hi\"\"\nthere\",1\nplain,\"\",2\n");
        assertEquals(List.of("a, b", "say \"hi\"\nthere", "1"), table.row(0));
        assertEquals(List.of("plain", "", "2"), table.row(1));
        assertEquals(2, table.lineNumber(0));
        assertEquals(4, table.lineNumber(1), "the line break inside the quotes counts as a file line");
    }

    @Test
    void countsLinesAfterAQuotedLineBreakInErrors() throws IOException {
        InputException error = assertThrows(InputException.class,
                () -> table("a,b\n\"x\ny\",1\n2\n"));
        assertEquals("cannot read data data.csv: line 4 has 1 field, the header has 2", error.getMessage());
    }

    @Test
    void skipsBlankTrailingLines() throws IOException {
        CsvTable table = table("a,b\n1,2\n\n\r\n\n");
        assertEquals(1, table.rowCount());
    }

    @Test
    void acceptsALastLineWithoutLineBreak() throws IOException {
        assertEquals(List.of("1", "2"), table("a,b\n1,2").row(0));
    }

    @Test
    void reportsARecordWithTheWrongNumberOfFields() {
        InputException error = assertThrows(InputException.class, () -> table("a,b\n1,2\n3,4,5\n"));
        assertEquals("cannot read data data.csv: line 3 has 3 fields, the header has 2", error.getMessage());
    }

    @Test
    void reportsAMissingColumnAndListsTheColumns() throws IOException {
        CsvTable table = table("a, b \n1,2\n");
        InputException error = assertThrows(InputException.class, () -> table.numericColumn("Torque [Nm]"));
        assertEquals("cannot read data data.csv: missing required column 'Torque [Nm]' (columns are: a, b)",
                error.getMessage());
    }

    @Test
    void namesTheAliasesOfAMissingColumn() throws IOException {
        CsvTable table = table("a\n1\n");
        InputException error = assertThrows(InputException.class,
                () -> table.labelColumn("Machine failure", TARGET_ALIASES));
        assertEquals("cannot read data data.csv: missing required column 'Machine failure'"
                + " (also accepted as 'Machine_failure'; columns are: a)", error.getMessage());
    }

    @Test
    void comparesHeaderNamesAfterTrimming() throws IOException {
        CsvTable table = table(" Type ,x\nL,1\n");
        assertEquals(0, table.columnIndex("Type", List.of()));
        assertArrayEquals(new String[] {"L"}, table.stringColumn("Type"));
    }

    @Test
    void reportsANonNumericCellWithRowLineAndColumn() throws IOException {
        CsvTable table = table("x,Torque [Nm]\n1,40.5\n2,abc\n");
        InputException error = assertThrows(InputException.class, () -> table.numericColumn("Torque [Nm]"));
        assertEquals("cannot read data data.csv: row 2 (line 3), column 'Torque [Nm]': 'abc' is not a number",
                error.getMessage());
    }

    @Test
    void reportsAnEmptyNumericCell() throws IOException {
        CsvTable table = table("x,y\n1,\n");
        InputException error = assertThrows(InputException.class, () -> table.numericColumn("y"));
        assertEquals("cannot read data data.csv: row 1 (line 2), column 'y': the cell is empty, a number is required",
                error.getMessage());
    }

    @Test
    void acceptsDecimalNumbersOnly() throws IOException {
        assertArrayEquals(new double[] {1, -2.5, 0.5, 1000, 3}, table("x\n1\n-2.5\n.5\n1e3\n 3 \n").numericColumn("x"));
        for (String javaOnly : List.of("NaN", "Infinity", "1d", "0x1p3", "1e999")) {
            CsvTable table = table("x\n" + javaOnly + "\n");
            assertThrows(InputException.class, () -> table.numericColumn("x"), javaOnly);
        }
    }

    @Test
    void acceptsLabelsWrittenAsDecimals() throws IOException {
        CsvTable table = table("Machine_failure\n0\n1\n0.0\n1.0\n");
        assertArrayEquals(new int[] {0, 1, 0, 1}, table.labelColumn("Machine failure", TARGET_ALIASES));
    }

    @Test
    void reportsALabelThatIsNotZeroOrOne() throws IOException {
        CsvTable table = table("x,Machine failure\n1,0\n2,2\n");
        InputException error = assertThrows(InputException.class,
                () -> table.labelColumn("Machine failure", TARGET_ALIASES));
        assertEquals("cannot read data data.csv: row 2 (line 3), column 'Machine failure':"
                + " a label must be 0 or 1, got '2'", error.getMessage());
    }

    @Test
    void reportsAnUnclosedQuoteWhereItOpened() {
        InputException error = assertThrows(InputException.class, () -> table("a,b\n1,\"open\n2,3\n"));
        assertEquals("cannot read data data.csv: line 2: a quoted field is not closed before the end of the file",
                error.getMessage());
    }

    @Test
    void reportsTextAfterAClosingQuote() {
        InputException error = assertThrows(InputException.class, () -> table("a,b\n\"x\"y,1\n"));
        assertTrue(error.getMessage().startsWith("cannot read data data.csv: line 2: unexpected character"),
                error.getMessage());
    }

    @Test
    void rejectsAnEmptyFileAndAHeaderWithoutRows() {
        assertEquals("cannot read data data.csv: the file is empty",
                assertThrows(InputException.class, () -> table("\n\n")).getMessage());
        assertEquals("cannot read data data.csv: no data rows after the header",
                assertThrows(InputException.class, () -> table("a,b\n")).getMessage());
    }

    @Test
    void rejectsAColumnNameThatAppearsTwice() throws IOException {
        CsvTable table = table("a,b,a\n1,2,3\n");
        InputException error = assertThrows(InputException.class, () -> table.numericColumn("a"));
        assertEquals("cannot read data data.csv: column 'a' appears twice (columns 1 and 3)", error.getMessage());
    }

    @Test
    void reportsAMissingFileUnderTheNameTheUserGave() {
        Path missing = dir.resolve("nope.csv");
        InputException error = assertThrows(InputException.class,
                () -> CsvTable.read(missing, "s3://bucket/nope.csv"));
        assertEquals("cannot read data s3://bucket/nope.csv: no such file " + missing, error.getMessage());
    }

    @Test
    void rejectsTextThatIsNotUtf8() throws IOException {
        Path file = Files.write(dir.resolve("latin1.csv"), "name\nMüller\n".getBytes(StandardCharsets.ISO_8859_1));
        InputException error = assertThrows(InputException.class, () -> CsvTable.read(file, "latin1.csv"));
        assertEquals("cannot read data latin1.csv: the file is not UTF-8 text", error.getMessage());
    }

    private CsvTable table(String text) throws IOException {
        Path file = Files.writeString(dir.resolve("data.csv"), text);
        return CsvTable.read(file, "data.csv");
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] joined = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, joined, first.length, second.length);
        return joined;
    }
}
