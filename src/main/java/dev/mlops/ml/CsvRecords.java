package dev.mlops.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads a {@code text/csv} request body as the featurizer container does ({@code input_fn} in
 * {@code model-build/inference.py}: Python's {@code csv.reader}, default dialect, over the decoded
 * text with leading byte-order marks removed, empty rows skipped), and checks numbers with the same
 * grammar. Same accepted forms and same refusals on both sides, so a record that passes locally
 * passes on SageMaker; {@code RecordParsingParityTest} compares the two on a corpus.
 */
public final class CsvRecords {
    /** Decimal numbers only: no hex ({@code 0x1p8}), no Java suffixes ({@code 216f}), no {@code inf}/{@code nan}/{@code 1_000}. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    /** What surrounds a field and is ignored: ASCII whitespace, never NUL or other control characters. */
    private static final String BLANKS = " \t\n\r\u000B\f";

    private CsvRecords() {
    }

    /** The records of {@code body}, each a list of raw fields (quotes resolved, nothing trimmed). */
    public static List<List<String>> parse(String body) {
        int start = 0;
        while (start < body.length() && body.charAt(start) == '\uFEFF') {
            start++;
        }
        Reader reader = new Reader();
        for (int i = start; i < body.length(); i++) {
            reader.accept(body.charAt(i));
        }
        reader.end();
        return reader.records;
    }

    /** A field without the ASCII whitespace around it. */
    public static String strip(String field) {
        int from = 0;
        int to = field.length();
        while (from < to && BLANKS.indexOf(field.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && BLANKS.indexOf(field.charAt(to - 1)) >= 0) {
            to--;
        }
        return field.substring(from, to);
    }

    /** A finite decimal number, or empty: what {@code inference.py}'s {@code number()} accepts. */
    public static java.util.OptionalDouble number(String stripped) {
        if (!NUMBER.matcher(stripped).matches()) {
            return java.util.OptionalDouble.empty();
        }
        double value = Double.parseDouble(stripped);
        return Double.isFinite(value) ? java.util.OptionalDouble.of(value) : java.util.OptionalDouble.empty();
    }

    /** Python's {@code _csv} reader state machine for the excel dialect, not strict. */
    private static final class Reader {
        private enum State { START_RECORD, START_FIELD, IN_FIELD, IN_QUOTED_FIELD, QUOTE_IN_QUOTED_FIELD }

        final List<List<String>> records = new ArrayList<>();
        private List<String> record = new ArrayList<>();
        private final StringBuilder field = new StringBuilder();
        private State state = State.START_RECORD;

        void accept(char c) {
            boolean newline = c == '\n' || c == '\r';
            switch (state) {
                case START_RECORD -> {
                    if (!newline) {
                        state = State.START_FIELD;
                        accept(c);
                    }
                }
                case START_FIELD -> {
                    if (newline) {
                        endRecord();
                    } else if (c == '"') {
                        state = State.IN_QUOTED_FIELD;
                    } else if (c == ',') {
                        endField();
                    } else {
                        field.append(c);
                        state = State.IN_FIELD;
                    }
                }
                case IN_FIELD -> inField(c, newline);
                case IN_QUOTED_FIELD -> {
                    if (c == '"') {
                        state = State.QUOTE_IN_QUOTED_FIELD;
                    } else {
                        field.append(c);
                    }
                }
                case QUOTE_IN_QUOTED_FIELD -> {
                    if (c == '"') {
                        field.append(c);
                        state = State.IN_QUOTED_FIELD;
                    } else {
                        inField(c, newline);
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }

        private void inField(char c, boolean newline) {
            if (newline) {
                endRecord();
            } else if (c == ',') {
                endField();
            } else {
                field.append(c);
                state = State.IN_FIELD;
            }
        }

        private void endField() {
            record.add(field.toString());
            field.setLength(0);
            state = State.START_FIELD;
        }

        private void endRecord() {
            endField();
            records.add(record);
            record = new ArrayList<>();
            state = State.START_RECORD;
        }

        void end() {
            if (state != State.START_RECORD) {
                endRecord();
            }
        }
    }
}
