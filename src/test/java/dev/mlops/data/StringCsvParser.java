package dev.mlops.data;

import dev.mlops.InputException;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@link StringCsvTable}'s parser as of 463819e, a String per field (the parity test's oracle).
 * Streams RFC 4180 records from text: quoted fields (with "" for a quote, and commas or line
 * breaks inside), CRLF, LF or CR line ends, a leading byte-order mark. Empty lines are skipped, as
 * spreadsheet exports often end with some. Each record carries the file line it starts on.
 */
final class StringCsvParser {
    private static final int END = -1;
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    /** One record and the 1-based line of the file it starts on. */
    record CsvRecord(int line, String[] fields) {
    }

    private final Reader in;
    private final String displayName;
    private int pushedBack = Integer.MIN_VALUE;
    private int line = 1;
    private boolean started;

    StringCsvParser(Reader in, String displayName) {
        this.in = in;
        this.displayName = displayName;
    }

    /** The next non-empty record, or empty at the end of the text. */
    Optional<CsvRecord> next() throws IOException {
        skipByteOrderMark();
        int c = read();
        while (c == '\n' || c == '\r') {
            endLine(c);
            c = read();
        }
        if (c == END) {
            return Optional.empty();
        }
        unread(c);
        int startLine = line;
        List<String> fields = new ArrayList<>();
        boolean more = true;
        while (more) {
            StringBuilder field = new StringBuilder();
            int ended = readField(field, startLine);
            fields.add(field.toString());
            more = ended == ',';
            if (ended == '\n' || ended == '\r') {
                endLine(ended);
            }
        }
        return Optional.of(new CsvRecord(startLine, fields.toArray(String[]::new)));
    }

    /** Reads one field into {@code field}; returns what ended it: ',', a line end or END. */
    private int readField(StringBuilder field, int recordLine) throws IOException {
        int c = read();
        if (c == '"') {
            readQuoted(field);
            c = read();
            if (c != ',' && c != '\n' && c != '\r' && c != END) {
                throw new InputException("cannot read data " + displayName + ": line " + line
                        + ": unexpected character after a closing quote (a quote inside a quoted"
                        + " field is written \"\")");
            }
            return c;
        }
        while (c != ',' && c != '\n' && c != '\r' && c != END) {
            field.append((char) c);
            c = read();
        }
        return c;
    }

    private void readQuoted(StringBuilder field) throws IOException {
        int openedOn = line;
        while (true) {
            int c = read();
            if (c == END) {
                throw new InputException("cannot read data " + displayName + ": line " + openedOn
                        + ": a quoted field is not closed before the end of the file");
            }
            if (c == '"') {
                int after = read();
                if (after != '"') {
                    unread(after);
                    return;
                }
            } else if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            field.append((char) c);
        }
    }

    private void endLine(int c) throws IOException {
        if (c == '\r') {
            int after = read();
            if (after != '\n') {
                unread(after);
            }
        }
        line++;
    }

    private void skipByteOrderMark() throws IOException {
        if (started) {
            return;
        }
        started = true;
        int c = read();
        if (c != BYTE_ORDER_MARK) {
            unread(c);
        }
    }

    private int peek() throws IOException {
        int c = read();
        unread(c);
        return c;
    }

    private int read() throws IOException {
        if (pushedBack != Integer.MIN_VALUE) {
            int c = pushedBack;
            pushedBack = Integer.MIN_VALUE;
            return c;
        }
        return in.read();
    }

    private void unread(int c) {
        pushedBack = c;
    }
}
