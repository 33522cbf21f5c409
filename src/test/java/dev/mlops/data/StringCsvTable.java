package dev.mlops.data;

import dev.mlops.InputException;
import dev.mlops.InputFiles;
import dev.mlops.WorkFailedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The reader this project had before the columnar {@link CsvTable} (as of 463819e), kept as the
 * oracle of {@code CsvReaderParityTest}: a CSV file with a header row, read whole (UTF-8, RFC 4180; see {@link StringCsvParser}), with typed
 * column extraction whose errors name the file, the data row, its file line and the column.
 * Rows are indexed from 0 in the API and counted from 1 in messages ("row 1" is the first data row).
 */
public final class StringCsvTable {
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");
    private static final int SHOWN_CELL_CHARS = 40;

    private final String displayName;
    private final List<String> header;
    private final List<String[]> rows;
    private final int[] lines;

    private StringCsvTable(String displayName, List<String> header, List<String[]> rows, int[] lines) {
        this.displayName = displayName;
        this.header = header;
        this.rows = rows;
        this.lines = lines;
    }

    /** Reads {@code file}; errors name it as {@code displayName} (e.g. the URI the user gave). */
    public static StringCsvTable read(Path file, String displayName) {
        if (Files.isDirectory(file)) {
            throw new InputException("cannot read data " + displayName + ": " + file
                    + " is a folder, not a file");
        }
        InputFiles.check(file, "data file", InputFiles.DATA_LIMIT);
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, displayName);
        } catch (NoSuchFileException e) {
            throw new InputException("cannot read data " + displayName + ": no such file " + file);
        } catch (AccessDeniedException e) {
            throw new InputException("cannot read data " + displayName + ": permission denied on "
                    + file);
        } catch (CharacterCodingException e) {
            throw new InputException("cannot read data " + displayName + ": the file is not UTF-8 text");
        } catch (IOException e) {
            throw new WorkFailedException("cannot read data " + displayName + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }

    /** Reads CSV text from {@code in} (not closed); errors name it as {@code displayName}. */
    public static StringCsvTable read(Reader in, String displayName) throws IOException {
        Reader buffered = in instanceof BufferedReader ? in : new BufferedReader(in);
        StringCsvParser parser = new StringCsvParser(buffered, displayName);
        StringCsvParser.CsvRecord first = parser.next().orElseThrow(
                () -> new InputException("cannot read data " + displayName + ": the file is empty"));
        List<String> header = new ArrayList<>();
        for (String name : first.fields()) {
            header.add(name.trim());
        }
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        Optional<StringCsvParser.CsvRecord> next;
        while ((next = parser.next()).isPresent()) {
            StringCsvParser.CsvRecord record = next.get();
            if (record.fields().length != header.size()) {
                throw new InputException("cannot read data " + displayName + ": line " + record.line()
                        + " has " + fields(record.fields().length) + ", the header has " + header.size());
            }
            rows.add(record.fields());
            lines.add(record.line());
        }
        if (rows.isEmpty()) {
            throw new InputException("cannot read data " + displayName
                    + ": no data rows after the header");
        }
        return new StringCsvTable(displayName, List.copyOf(header), rows,
                lines.stream().mapToInt(Integer::intValue).toArray());
    }

    public String displayName() {
        return displayName;
    }

    /** Column names, trimmed, in file order. */
    public List<String> header() {
        return header;
    }

    public int rowCount() {
        return rows.size();
    }

    /** The raw fields of data row {@code index} (0-based). */
    public List<String> row(int index) {
        return List.of(rows.get(index));
    }

    /** The file line data row {@code index} (0-based) starts on. */
    public int lineNumber(int index) {
        return lines[index];
    }

    /**
     * The index of the column called {@code name} or, failing that, one of {@code aliases}
     * (other spellings, e.g. {@code Machine_failure} for {@code Machine failure}).
     */
    public int columnIndex(String name, List<String> aliases) {
        List<String> wanted = new ArrayList<>();
        wanted.add(name.trim());
        aliases.forEach(alias -> wanted.add(alias.trim()));
        for (String candidate : wanted) {
            int index = header.indexOf(candidate);
            if (index >= 0) {
                requireUnique(candidate, index);
                return index;
            }
        }
        String also = aliases.isEmpty() ? "" : "also accepted as '" + String.join("', '", aliases) + "'; ";
        throw new InputException("cannot read data " + displayName + ": missing required column '"
                + name + "' (" + also + "columns are: " + String.join(", ", header) + ")");
    }

    /** The column's values as numbers; an empty or non-numeric cell is an error naming it. */
    public double[] numericColumn(String name) {
        int column = columnIndex(name, List.of());
        double[] values = new double[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = number(i, column);
        }
        return values;
    }

    /** The column's values, trimmed. */
    public String[] stringColumn(String name) {
        int column = columnIndex(name, List.of());
        String[] values = new String[rows.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = rows.get(i)[column].trim();
        }
        return values;
    }

    /** A 0/1 label column ("0.0" and "1.0" accepted), found by name or alias. */
    public int[] labelColumn(String name, List<String> aliases) {
        int column = columnIndex(name, aliases);
        int[] labels = new int[rows.size()];
        for (int i = 0; i < labels.length; i++) {
            String cell = rows.get(i)[column].trim();
            if (cell.equals("0") || cell.equals("0.0")) {
                labels[i] = 0;
            } else if (cell.equals("1") || cell.equals("1.0")) {
                labels[i] = 1;
            } else {
                throw cellError(i, column, "a label must be 0 or 1, got " + shown(cell));
            }
        }
        return labels;
    }

    private double number(int row, int column) {
        String cell = rows.get(row)[column].trim();
        if (cell.isEmpty()) {
            throw cellError(row, column, "the cell is empty, a number is required");
        }
        if (!DECIMAL.matcher(cell).matches()) {
            throw cellError(row, column, shown(cell) + " is not a number");
        }
        double value = Double.parseDouble(cell);
        if (Double.isInfinite(value)) {
            throw cellError(row, column, shown(cell) + " is too large");
        }
        return value;
    }

    private void requireUnique(String name, int first) {
        int last = header.lastIndexOf(name);
        if (last != first) {
            throw new InputException("cannot read data " + displayName + ": column '" + name
                    + "' appears twice (columns " + (first + 1) + " and " + (last + 1) + ")");
        }
    }

    private InputException cellError(int row, int column, String why) {
        return new InputException("cannot read data " + displayName + ": row " + (row + 1)
                + " (line " + lines[row] + "), column '" + header.get(column) + "': " + why);
    }

    private static String fields(int count) {
        return count + (count == 1 ? " field" : " fields");
    }

    // Cells are user data, not secrets, but a runaway cell must not flood the one-line message.
    private static String shown(String cell) {
        if (cell.length() > SHOWN_CELL_CHARS) {
            return "'" + cell.substring(0, SHOWN_CELL_CHARS) + "...'";
        }
        return "'" + cell + "'";
    }
}
