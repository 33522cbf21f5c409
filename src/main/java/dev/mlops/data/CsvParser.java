package dev.mlops.data;

import dev.mlops.InputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * Streams RFC 4180 records from UTF-8 bytes: quoted fields (with "" for a quote, and commas or
 * line breaks inside), CRLF, LF or CR line ends, a leading byte-order mark. Empty lines are
 * skipped, as spreadsheet exports often end with some. Each field is handed over as bytes in a
 * reused buffer, so reading makes no String per cell; every record knows the line it starts on.
 * All the syntax is ASCII, so a UTF-8 character never spans two fields: a field holding a
 * non-ASCII byte is checked to be UTF-8 on its own.
 */
final class CsvParser {
    private static final int END = -1;

    /** Receives the fields of one record, in order; {@code bytes} is reused after the call. */
    interface Fields {
        void field(int index, byte[] bytes, int length);
    }

    private final InputStream in;
    private final String displayName;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] field = new byte[256];
    private int length;
    private boolean nonAscii;
    private int line = 1;
    private int recordLine;
    private boolean started;
    private boolean ended;

    CsvParser(InputStream in, String displayName) {
        this.in = in;
        this.displayName = displayName;
    }

    /** The 1-based file line the last record read starts on. */
    int recordLine() {
        return recordLine;
    }

    /** Reads the next non-empty record into {@code fields}; returns its field count, 0 at the end. */
    int next(Fields fields) throws IOException {
        skipByteOrderMark();
        int c = read();
        while (c == '\n' || c == '\r') {
            endLine(c);
            c = read();
        }
        if (c == END) {
            return 0;
        }
        position--;
        recordLine = line;
        int count = 0;
        while (true) {
            int ended = readField();
            if (nonAscii) {
                requireUtf8();
            }
            fields.field(count++, field, length);
            if (ended != ',') {
                if (ended != END) {
                    endLine(ended);
                }
                return count;
            }
        }
    }

    /** Reads one field into {@link #field}; returns what ended it: ',', a line end or END. */
    private int readField() throws IOException {
        length = 0;
        nonAscii = false;
        int c = read();
        if (c == '"') {
            readQuoted();
            c = read();
            if (c != ',' && c != '\n' && c != '\r' && c != END) {
                throw new InputException("cannot read data " + displayName + ": line " + line
                        + ": unexpected character after a closing quote (a quote inside a quoted"
                        + " field is written \"\")");
            }
            return c;
        }
        while (c != ',' && c != '\n' && c != '\r' && c != END) {
            append(c);
            c = read();
        }
        return c;
    }

    private void readQuoted() throws IOException {
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
            append(c);
        }
    }

    private void append(int c) {
        if (length == field.length) {
            field = java.util.Arrays.copyOf(field, field.length * 2);
        }
        field[length++] = (byte) c;
        nonAscii |= c >= 0x80;
    }

    private void requireUtf8() {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(field, 0, length));
        } catch (CharacterCodingException e) {
            throw new InputException("cannot read data " + displayName + ": the file is not UTF-8 text");
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
        if (!fill(3)) {
            return;
        }
        if ((buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB && (buffer[2] & 0xFF) == 0xBF) {
            position = 3;
        }
    }

    /** Fills the buffer from the start until it holds {@code wanted} bytes; false at the end before that. */
    private boolean fill(int wanted) throws IOException {
        while (limit < wanted) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                return false;
            }
            limit += n;
        }
        return true;
    }

    private int peek() throws IOException {
        int c = read();
        unread(c);
        return c;
    }

    private int read() throws IOException {
        if (position < limit) {
            return buffer[position++] & 0xFF;
        }
        if (ended) {
            return END;
        }
        int n = in.read(buffer, 0, buffer.length);
        while (n == 0) {
            n = in.read(buffer, 0, buffer.length);
        }
        if (n < 0) {
            ended = true;
            position = 0;
            limit = 0;
            return END;
        }
        position = 1;
        limit = n;
        return buffer[0] & 0xFF;
    }

    private void unread(int c) {
        if (c != END) {
            position--;
        }
    }
}
