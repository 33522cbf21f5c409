package dev.mlops.local;

import dev.mlops.WorkFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Explains a build that ran out of Java heap: which heap ran out in which step, how many rows the
 * data has, and the {@code -Xmx} that fits them, from the bound a build keeps to per row. The
 * columns, the split's index and the float matrices take about 200 bytes a row at their peak; the
 * rest is the JVM's own and XGBoost's, which lives outside the heap.
 */
final class HeapLimit {
    /** Heap a build needs beyond its rows: classes, the registry, the report. */
    static final long BASE_BYTES = 64L << 20;
    /** Heap per data row at the build's peak, with room to spare: 1M AI4I rows build in -Xmx192m, 200,000 in -Xmx48m. */
    static final long BYTES_PER_ROW = 250;

    private HeapLimit() {
    }

    static WorkFailedException exceeded(String step, String source, long rows) {
        String xmx = "-Xmx" + suggested(rows);
        return new WorkFailedException(String.format(Locale.ROOT, "cannot build on data %s: the Java heap (%d MB) ran"
                + " out in the %s step; the data has %,d rows, which fit in %s: rerun with MLOPS_JAVA_OPTS=%s (read by"
                + " ./mlops; JAVA_TOOL_OPTIONS=%s for any java), or use fewer rows",
                source, Runtime.getRuntime().maxMemory() >> 20, step, rows, xmx, xmx, xmx));
    }

    /** The smallest -Xmx (whole 256 MB steps, written as m or g) that holds {@code rows} rows. */
    static String suggested(long rows) {
        long needed = BASE_BYTES + rows * BYTES_PER_ROW;
        long mb = ((needed >> 20) / 256 + 1) * 256;
        return mb % 1024 == 0 ? (mb / 1024) + "g" : mb + "m";
    }

    /** The data rows of a CSV file, counted as line ends (LF, CR or CRLF) after the header, in small blocks. */
    static long rowsOf(Path file) {
        long lines = 0;
        int last = '\n';
        byte[] block = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(block); n >= 0; n = in.read(block)) {
                for (int i = 0; i < n; i++) {
                    if (block[i] == '\r' || block[i] == '\n' && last != '\r') {
                        lines++;
                    }
                    last = block[i];
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return Math.max(0, lines + (last == '\n' || last == '\r' ? 0 : 1) - 1);
    }
}
