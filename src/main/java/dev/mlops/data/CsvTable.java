package dev.mlops.data;

import dev.mlops.InputException;
import dev.mlops.InputFiles;
import dev.mlops.WorkFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns a build uses of a CSV file with a header row (UTF-8, RFC 4180; see {@link CsvParser}),
 * read in one streaming pass into primitive arrays: a {@code double[]} per numeric column, an
 * {@code int} code per categorical cell, an {@code int} per label. Each number is parsed once and
 * no String is kept (or made) per cell, so memory grows by a few dozen bytes per row. Errors name
 * the file, the data row, its file line, the column and the value. Rows are indexed from 0 in the
 * API and counted from 1 in messages ("row 1" is the first data row).
 */
public final class CsvTable {
    private static final int SHOWN_CELL_CHARS = 40;
    private static final int FIRST_CAPACITY = 1024;

    /** The file's column names (trimmed, in file order) and where errors say they come from. */
    public record Header(String displayName, List<String> names) {
        public Header {
            names = List.copyOf(names);
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
                int index = names.indexOf(candidate);
                if (index >= 0) {
                    int last = names.lastIndexOf(candidate);
                    if (last != index) {
                        throw new InputException("cannot read data " + displayName + ": column '" + candidate
                                + "' appears twice (columns " + (index + 1) + " and " + (last + 1) + ")");
                    }
                    return index;
                }
            }
            String also = aliases.isEmpty() ? "" : "also accepted as '" + String.join("', '", aliases) + "'; ";
            throw new InputException("cannot read data " + displayName + ": missing required column '"
                    + name + "' (" + also + "columns are: " + String.join(", ", names) + ")");
        }
    }

    /** The label column: a name and other accepted spellings. */
    public record Label(String name, List<String> aliases) {
        public Label {
            aliases = List.copyOf(aliases);
        }
    }

    /** Which columns to keep and how; every other column is only checked to be there. */
    public record Plan(Optional<Label> label, List<String> numeric, List<String> categorical) {
        public Plan {
            numeric = List.copyOf(numeric);
            categorical = List.copyOf(categorical);
        }
    }

    /** A categorical column: each row's code, an index into {@code values} (trimmed, in first-seen order). */
    public record Categories(int[] codes, List<String> values) {
    }

    private final Header header;
    private final int rowCount;
    private final int[] lines;
    private final Optional<String> labelName;
    private final int[] labels;
    private final Map<String, double[]> numeric;
    private final Map<String, Categories> categorical;

    private CsvTable(Reading reading) {
        this.header = reading.header;
        this.rowCount = reading.rows;
        this.lines = Arrays.copyOf(reading.lines, reading.rows);
        this.labelName = reading.labelColumn < 0 ? Optional.empty()
                : Optional.of(reading.header.names().get(reading.labelColumn));
        this.labels = Arrays.copyOf(reading.labels, reading.rows);
        this.numeric = new LinkedHashMap<>();
        this.categorical = new LinkedHashMap<>();
        for (int c = 0; c < reading.roles.length; c++) {
            String name = reading.header.names().get(c);
            if (reading.roles[c] == Role.NUMERIC) {
                numeric.put(name, Arrays.copyOf(reading.numbers[reading.slots[c]], reading.rows));
            } else if (reading.roles[c] == Role.CATEGORICAL) {
                Dictionary dictionary = reading.dictionaries[reading.slots[c]];
                categorical.put(name, new Categories(Arrays.copyOf(reading.codes[reading.slots[c]], reading.rows),
                        List.copyOf(dictionary.values)));
            }
        }
    }

    /** Reads only the header row of {@code file}; errors name it as {@code displayName}. */
    public static Header header(Path file, String displayName) {
        return withFile(file, displayName, in -> header(new CsvParser(in, displayName), displayName));
    }

    /** Reads the columns {@code plan} names from {@code file}; errors name it as {@code displayName}. */
    public static CsvTable read(Path file, String displayName, Plan plan) {
        return withFile(file, displayName, in -> read(in, displayName, plan));
    }

    /** Reads CSV bytes from {@code in} (not closed); errors name it as {@code displayName}. */
    public static CsvTable read(InputStream in, String displayName, Plan plan) throws IOException {
        CsvParser parser = new CsvParser(in, displayName);
        Reading reading = new Reading(header(parser, displayName), plan, parser);
        int count;
        while ((count = parser.next(reading)) > 0) {
            reading.endRecord(count, parser.recordLine());
        }
        if (reading.rows == 0) {
            throw new InputException("cannot read data " + displayName + ": no data rows after the header");
        }
        return new CsvTable(reading);
    }

    public Header header() {
        return header;
    }

    public String displayName() {
        return header.displayName();
    }

    public int rowCount() {
        return rowCount;
    }

    /** The file line data row {@code index} (0-based) starts on. */
    public int lineNumber(int index) {
        return lines[index];
    }

    /** The name the label column has in the file (the plan's name or one of its aliases). */
    public String labelName() {
        return labelName.orElseThrow(() -> new IllegalStateException("the plan named no label column"));
    }

    /** The 0/1 label of each row ("0.0" and "1.0" accepted). */
    public int[] labels() {
        labelName();
        return labels;
    }

    /** A numeric column the plan named; no copy is made, so callers must not change it. */
    public double[] numericColumn(String name) {
        return planned(numeric, name);
    }

    /** A categorical column the plan named; no copy is made, so callers must not change it. */
    public Categories categoricalColumn(String name) {
        return planned(categorical, name);
    }

    private static <T> T planned(Map<String, T> columns, String name) {
        T column = columns.get(name.trim());
        if (column == null) {
            throw new IllegalArgumentException("column '" + name + "' was not read: the plan did not name it");
        }
        return column;
    }

    private interface Source<T> {
        T read(InputStream in) throws IOException;
    }

    private static <T> T withFile(Path file, String displayName, Source<T> source) {
        if (Files.isDirectory(file)) {
            throw new InputException("cannot read data " + displayName + ": " + file
                    + " is a folder, not a file");
        }
        InputFiles.check(file, "data file", InputFiles.DATA_LIMIT);
        try (InputStream in = Files.newInputStream(file)) {
            return source.read(in);
        } catch (NoSuchFileException e) {
            throw new InputException("cannot read data " + displayName + ": no such file " + file);
        } catch (AccessDeniedException e) {
            throw new InputException("cannot read data " + displayName + ": permission denied on " + file);
        } catch (IOException e) {
            throw new WorkFailedException("cannot read data " + displayName + ": "
                    + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        }
    }

    private static Header header(CsvParser parser, String displayName) throws IOException {
        List<String> names = new ArrayList<>();
        int count = parser.next((index, bytes, length) -> names.add(text(bytes, 0, length).trim()));
        if (count == 0) {
            throw new InputException("cannot read data " + displayName + ": the file is empty");
        }
        return new Header(displayName, names);
    }

    private static String text(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.UTF_8);
    }

    private enum Role { SKIP, LABEL, NUMERIC, CATEGORICAL }

    /** The state of one read: the growing columns, filled as the parser hands over fields. */
    private static final class Reading implements CsvParser.Fields {
        final Header header;
        final Role[] roles;
        final int[] slots;
        final int labelColumn;
        int[] lines = new int[FIRST_CAPACITY];
        int[] labels;
        double[][] numbers;
        int[][] codes;
        final Dictionary[] dictionaries;
        final CsvParser parser;
        int rows;

        Reading(Header header, Plan plan, CsvParser parser) {
            this.header = header;
            this.parser = parser;
            int width = header.names().size();
            roles = new Role[width];
            Arrays.fill(roles, Role.SKIP);
            slots = new int[width];
            labelColumn = plan.label().map(l -> header.columnIndex(l.name(), l.aliases())).orElse(-1);
            if (labelColumn >= 0) {
                roles[labelColumn] = Role.LABEL;
            }
            labels = new int[labelColumn >= 0 ? FIRST_CAPACITY : 0];
            numbers = new double[plan.numeric().size()][FIRST_CAPACITY];
            for (int i = 0; i < plan.numeric().size(); i++) {
                assign(header.columnIndex(plan.numeric().get(i), List.of()), Role.NUMERIC, i);
            }
            codes = new int[plan.categorical().size()][FIRST_CAPACITY];
            dictionaries = new Dictionary[plan.categorical().size()];
            for (int i = 0; i < plan.categorical().size(); i++) {
                assign(header.columnIndex(plan.categorical().get(i), List.of()), Role.CATEGORICAL, i);
                dictionaries[i] = new Dictionary();
            }
        }

        private void assign(int column, Role role, int slot) {
            if (roles[column] != Role.SKIP && roles[column] != role) {
                throw new IllegalArgumentException("column '" + header.names().get(column) + "' is planned as both "
                        + roles[column] + " and " + role);
            }
            roles[column] = role;
            slots[column] = slot;
        }

        @Override
        public void field(int index, byte[] bytes, int length) {
            if (index >= roles.length || roles[index] == Role.SKIP) {
                return;
            }
            if (rows == lines.length) {
                grow();
            }
            int from = 0;
            int to = length;
            // String.trim()'s rule: every byte up to the space; UTF-8 continuation bytes are all above it
            while (from < to && (bytes[from] & 0xFF) <= ' ') {
                from++;
            }
            while (to > from && (bytes[to - 1] & 0xFF) <= ' ') {
                to--;
            }
            switch (roles[index]) {
                case LABEL -> labels[rows] = label(index, bytes, from, to);
                case NUMERIC -> numbers[slots[index]][rows] = number(index, bytes, from, to);
                case CATEGORICAL -> codes[slots[index]][rows] = dictionaries[slots[index]].code(bytes, from, to);
                default -> throw new IllegalStateException(roles[index].name());
            }
        }

        /** Doubles every column's capacity once it is full. */
        private void grow() {
            if (rows < lines.length) {
                return;
            }
            int capacity = lines.length * 2;
            lines = Arrays.copyOf(lines, capacity);
            if (labels.length > 0) {
                labels = Arrays.copyOf(labels, capacity);
            }
            for (int i = 0; i < numbers.length; i++) {
                numbers[i] = Arrays.copyOf(numbers[i], capacity);
            }
            for (int i = 0; i < codes.length; i++) {
                codes[i] = Arrays.copyOf(codes[i], capacity);
            }
        }

        void endRecord(int count, int recordLine) {
            if (count != roles.length) {
                throw new InputException("cannot read data " + header.displayName() + ": line " + recordLine
                        + " has " + count + (count == 1 ? " field" : " fields") + ", the header has " + roles.length);
            }
            grow();
            lines[rows++] = recordLine;
        }

        private int label(int column, byte[] b, int from, int to) {
            int n = to - from;
            if ((n == 1 || n == 3 && b[from + 1] == '.' && b[from + 2] == '0') && (b[from] == '0' || b[from] == '1')) {
                return b[from] - '0';
            }
            throw cellError(column, "a label must be 0 or 1, got " + shown(b, from, to));
        }

        private double number(int column, byte[] b, int from, int to) {
            if (from == to) {
                throw cellError(column, "the cell is empty, a number is required");
            }
            double value = Decimals.parse(b, from, to);
            if (Double.isNaN(value)) {
                throw cellError(column, shown(b, from, to) + " is not a number");
            }
            if (Double.isInfinite(value)) {
                throw cellError(column, shown(b, from, to) + " is too large");
            }
            return value;
        }

        private InputException cellError(int column, String why) {
            return new InputException("cannot read data " + header.displayName() + ": row " + (rows + 1)
                    + " (line " + parser.recordLine() + "), column '" + header.names().get(column) + "': " + why);
        }
    }

    /** Codes of the distinct values of one categorical column; a handful in practice, so a scan finds them. */
    private static final class Dictionary {
        private static final int SCANNED = 32;
        final List<String> values = new ArrayList<>();
        private final List<byte[]> keys = new ArrayList<>();
        private final Map<String, Integer> many = new HashMap<>();

        int code(byte[] b, int from, int to) {
            int scanned = Math.min(keys.size(), SCANNED);
            for (int i = 0; i < scanned; i++) {
                if (Arrays.equals(keys.get(i), 0, keys.get(i).length, b, from, to)) {
                    return i;
                }
            }
            String value = text(b, from, to);
            if (keys.size() >= SCANNED) {
                Integer known = many.get(value);
                if (known != null) {
                    return known;
                }
            }
            int code = values.size();
            values.add(value);
            if (keys.size() < SCANNED) {
                keys.add(Arrays.copyOfRange(b, from, to));
            } else {
                many.put(value, code);
            }
            return code;
        }
    }

    // Cells are user data, not secrets, but a runaway cell must not flood the one-line message.
    private static String shown(byte[] b, int from, int to) {
        String cell = text(b, from, to);
        if (cell.length() > SHOWN_CELL_CHARS) {
            return "'" + cell.substring(0, SHOWN_CELL_CHARS) + "...'";
        }
        return "'" + cell + "'";
    }
}
