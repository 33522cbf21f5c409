package dev.mlops.data;

import dev.mlops.AtomicFiles;
import dev.mlops.Failures;
import dev.mlops.InputException;
import dev.mlops.WorkFailedException;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;

/**
 * Generates AI4I-2020-like predictive-maintenance data following the dataset's published
 * generation rules (see DOMAIN.md section 1), so the product can train without the real file.
 * Output is a function of (rows, seed) only: the same request gives the same bytes on any machine
 * (UTF-8, no byte-order mark, LF line ends, '.' as decimal point).
 */
public final class Ai4iGenerator {
    /** The UCI header, in the UCI column order. */
    public static final String HEADER = "UDI,Product ID,Type,Air temperature [K],Process temperature [K],"
            + "Rotational speed [rpm],Torque [Nm],Tool wear [min],Machine failure,TWF,HDF,PWF,OSF,RNF";
    /** Ten million rows is about 520 MB; more is far more than a local training run needs. */
    public static final int MAX_ROWS = 10_000_000;

    private Ai4iGenerator() {
    }

    /** What to generate: {@code rows} processes from random seed {@code seed}. */
    public record Request(int rows, long seed) {
        public Request {
            if (rows < 1 || rows > MAX_ROWS) {
                throw new InputException("cannot generate AI4I data: rows must be between 1 and "
                        + MAX_ROWS + ", got " + rows);
            }
        }
    }

    /** Writes the header and the rows to {@code out}; does not close it. */
    public static void write(Request request, Writer out) throws IOException {
        MachineSimulation machine = new MachineSimulation(request);
        out.write(HEADER);
        out.write('\n');
        StringBuilder line = new StringBuilder(80);
        for (int udi = 1; udi <= request.rows(); udi++) {
            line.setLength(0);
            machine.next(udi).appendCsv(line);
            out.append(line).append('\n');
        }
    }

    /**
     * Writes the data to {@code file} atomically (a temporary file in the same folder, then a
     * move), creating folders as needed: a reader never sees a partial file.
     */
    public static void write(Request request, Path file) {
        try {
            AtomicFiles.write(file, out -> write(request, out));
        } catch (IOException e) {
            throw new WorkFailedException("cannot write generated data " + file.toAbsolutePath() + ": "
                    + Failures.ioCause(e).orElseThrow(), e);
        }
    }
}
