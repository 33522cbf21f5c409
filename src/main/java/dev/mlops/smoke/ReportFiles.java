package dev.mlops.smoke;

import dev.mlops.AtomicFiles;
import dev.mlops.WorkFailedException;
import java.io.IOException;
import java.nio.file.Path;

/** Writes a report file whole or not at all, so Jenkins never reads half a report. */
final class ReportFiles {
    private ReportFiles() {
    }

    static Path write(Path file, String text) {
        try {
            AtomicFiles.write(file, text);
            return file;
        } catch (IOException e) {
            throw new WorkFailedException("cannot write smoke report " + file + ": " + e.getMessage(), e);
        }
    }
}
