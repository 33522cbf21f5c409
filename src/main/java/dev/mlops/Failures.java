package dev.mlops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the failures of the machine that reach a user without an engine message (an I/O error, a
 * full or read-only disk, the heap running out, a number out of range) into an error that says
 * what happened to which file or value and what to do, with the exit code of an environment error
 * (1) or an input error (2) instead of a bug's 70. The one place such failures are explained.
 */
public final class Failures {
    private Failures() {
    }

    /** The clear error for {@code error}, or empty when it is a bug (or already an engine error). */
    public static Optional<MlopsException> explain(Throwable error) {
        if (error instanceof MlopsException) {
            return Optional.empty();
        }
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof OutOfMemoryError) {
                long maxMb = Runtime.getRuntime().maxMemory() / (1024 * 1024);
                return Optional.of(new WorkFailedException("cannot finish: the Java heap (" + maxMb + " MB) ran out;"
                        + " the input is too large for it: use smaller data, or give the JVM more with"
                        + " JAVA_TOOL_OPTIONS=-Xmx4g"));
            }
            if (e instanceof IOException io) {
                return Optional.of(io(error, io));
            }
            if (e instanceof ArithmeticException || e instanceof NumberFormatException) {
                return Optional.of(new InputException("cannot use a number: it is out of range or malformed ("
                        + e.getMessage() + "); use a smaller value", error));
            }
        }
        return Optional.empty();
    }

    /**
     * What the I/O failure in {@code error}'s causes means and what to do ("the disk is full: free
     * space..."), for a message that names its own file; empty when no I/O failure caused it.
     */
    public static Optional<String> ioCause(Throwable error) {
        return firstIo(error).map(Failures::detail);
    }

    /** The I/O failure that says most: one deeper in the causes that names a known cause (JGit wraps "No space left"). */
    private static Optional<IOException> firstIo(Throwable error) {
        IOException first = null;
        for (Throwable e = error; e != null; e = e.getCause()) {
            if (e instanceof IOException io) {
                if (first == null) {
                    first = io;
                }
                if (!detail(io).endsWith("(" + io.getClass().getSimpleName() + ")")) {
                    return Optional.of(io);
                }
            }
        }
        return Optional.ofNullable(first);
    }

    private static MlopsException io(Throwable error, IOException io) {
        String file = io instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() : null;
        String what = (file == null ? "" : " " + file);
        String detail = detail(firstIo(error).orElse(io));
        String context = "cannot read or write" + what;
        String message = error.getMessage();
        if (error instanceof UncheckedIOException && message != null && message.startsWith("cannot ")) {
            int cut = message.indexOf(": ");
            context = cut > 0 ? message.substring(0, cut) : message;
        }
        if (file != null && !context.contains(file)) {
            context = context + " (" + file + ")";
        }
        return new WorkFailedException(context + ": " + detail, error);
    }

    private static String detail(IOException io) {
        String reason = io instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : String.valueOf(io.getMessage());
        String lower = reason.toLowerCase(Locale.ROOT);
        String detail;
        if (lower.contains("no space left") || lower.contains("disk quota")) {
            detail = "the disk is full: free space on it (or use another --state-dir) and rerun";
        } else if (lower.contains("read-only file system") || io instanceof AccessDeniedException) {
            detail = "it is read-only or not writable by this user: make it writable, or use another --state-dir";
        } else if (lower.contains("not a directory") || io instanceof NotDirectoryException) {
            detail = "a file stands where a directory is expected: move the file away, or use another --state-dir";
        } else if (lower.contains("is a directory")) {
            detail = "a directory stands where a file is expected: move the directory away, or use another --state-dir";
        } else if (io instanceof NoSuchFileException) {
            detail = "no such file or directory";
        } else if (io instanceof FileAlreadyExistsException) {
            detail = "something is in the way (a file where a directory is expected?): move it away, or use another"
                    + " --state-dir";
        } else {
            detail = reason + " (" + io.getClass().getSimpleName() + ")";
        }
        return detail;
    }
}
