package dev.mlops.local;

import dev.mlops.UnavailableException;
import dev.mlops.WorkFailedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What an SQLite failure means to the user of the registry file and what to do about it: a full
 * disk, a read-only file or directory, a damaged file, another process holding the lock. The
 * message keeps SQLite's own code for a bug report, never a stack trace.
 */
final class SqliteErrors {
    private SqliteErrors() {
    }

    /** {@code "cannot ACTION: model registry FILE"} followed by what went wrong and the hint. */
    static WorkFailedException explain(String prefix, Path file, SQLException e) {
        SQLiteErrorCode code = e instanceof SQLiteException sqlite ? sqlite.getResultCode() : SQLiteErrorCode.UNKNOWN_ERROR;
        String name = code.name();
        if (code == SQLiteErrorCode.SQLITE_BUSY || code == SQLiteErrorCode.SQLITE_LOCKED
                || name.startsWith("SQLITE_BUSY_") || name.startsWith("SQLITE_LOCKED_")) {
            return new UnavailableException(prefix + " is busy: another process held its lock too long (" + name
                    + "); retry when the other command has finished", e);
        }
        return new WorkFailedException(prefix + " " + why(code, name, file, e), e);
    }

    private static String why(SQLiteErrorCode code, String name, Path file, SQLException e) {
        // SQLite reports a full disk under its WAL index as an I/O error (e.g. SQLITE_IOERR_SHMSIZE) and a
        // read-only directory as SQLITE_CANTOPEN: the file system itself says which it was.
        boolean io = name.startsWith("SQLITE_IOERR") || name.startsWith("SQLITE_CANTOPEN");
        if (code == SQLiteErrorCode.SQLITE_FULL || io && (String.valueOf(e.getMessage()).contains("No space")
                || full(file))) {
            return "cannot be written: the disk is full (" + name + "); free space on its disk and rerun;"
                    + " nothing of this write was kept";
        }
        if (name.startsWith("SQLITE_READONLY") || code == SQLiteErrorCode.SQLITE_PERM || io && readOnly(file)) {
            return "is read-only (" + name + "): make the file and the state directory writable by this user,"
                    + " or use another --state-dir";
        }
        if (name.startsWith("SQLITE_CORRUPT") || code == SQLiteErrorCode.SQLITE_NOTADB) {
            return "is damaged or not an SQLite registry (" + name + "); restore it from a backup, or move it aside"
                    + " to start an empty registry";
        }
        if (name.startsWith("SQLITE_CANTOPEN")) {
            return "cannot be opened (" + name + "): check that the state directory is a writable directory and that"
                    + " registry.db in it is a file";
        }
        return "failed: " + e.getMessage();
    }

    /** Less room left beside the file than one SQLite page: no write can succeed there. */
    private static boolean full(Path file) {
        try {
            return Files.getFileStore(file.getParent()).getUsableSpace() < 4096;
        } catch (IOException e) {
            return false;
        }
    }

    /** The directory cannot take the journal or WAL files (a read-only mount stops root too). */
    private static boolean readOnly(Path file) {
        Path dir = file.getParent();
        return Files.isDirectory(dir) && !Files.isWritable(dir);
    }
}
