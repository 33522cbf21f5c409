package dev.mlops.data;

import com.fasterxml.jackson.core.io.NumberOutput;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes CSV rows of an integer label and doubles straight into bytes (ASCII, LF line ends, no
 * header): the split files SageMaker's built-in XGBoost reads, label first. Each double is written
 * in its shortest round-tripping form (Schubfach, the algorithm of Java 19's Double.toString, from
 * jackson-core), in Double.toString's layout ({@code 0.001}, {@code 1.0E7}); Java 17's own
 * Double.toString sometimes writes more digits than needed (JDK-4511638).
 */
public final class NumberRows {
    private final OutputStream out;
    private final byte[] buffer = new byte[1 << 16];
    private int used;
    private long written;
    private boolean rowStarted;

    public NumberRows(OutputStream out) {
        this.out = out;
    }

    /** The shortest decimal that reads back as exactly {@code value}, as Java 19+'s Double.toString writes it. */
    public static String shortest(double value) {
        return NumberOutput.toString(value, true);
    }

    /** Starts a row with its label. */
    public void label(int label) throws IOException {
        rowStarted = true;
        ascii(Integer.toString(label));
    }

    public void number(double value) throws IOException {
        if (rowStarted) {
            put((byte) ',');
        }
        rowStarted = true;
        // one-hot columns are all 0 and 1: spare them the general algorithm
        if (value == 0.0 && Double.doubleToRawLongBits(value) == 0) {
            ascii("0.0");
        } else if (value == 1.0) {
            ascii("1.0");
        } else {
            ascii(shortest(value));
        }
    }

    public void endRow() throws IOException {
        put((byte) '\n');
        rowStarted = false;
    }

    /** Writes what is buffered; the stream stays open. */
    public void flush() throws IOException {
        out.write(buffer, 0, used);
        written += used;
        used = 0;
        out.flush();
    }

    /** Bytes handed to the stream so far, including what is buffered. */
    public long bytes() {
        return written + used;
    }

    private void ascii(String text) throws IOException {
        if (used + text.length() > buffer.length) {
            drain();
        }
        for (int i = 0; i < text.length(); i++) {
            buffer[used++] = (byte) text.charAt(i);
        }
    }

    private void put(byte b) throws IOException {
        if (used == buffer.length) {
            drain();
        }
        buffer[used++] = b;
    }

    private void drain() throws IOException {
        out.write(buffer, 0, used);
        written += used;
        used = 0;
    }
}
