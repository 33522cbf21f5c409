package dev.mlops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;

/**
 * Checks an input file before it is read: it is a regular file (not a device such as /dev/zero,
 * a pipe or a folder, which could be read for ever) and no larger than the limit for its kind, so
 * a wrong path fails at once with a message instead of filling the heap.
 */
public final class InputFiles {
    /** Specs, environment files, smoke suites and project config are small YAML. */
    public static final long SPEC_LIMIT = 1024 * 1024;
    /** Data CSV is streamed into columns; the limit bounds a build's time and memory (about 5M AI4I rows). */
    public static final long DATA_LIMIT = 256L * 1024 * 1024;

    private InputFiles() {
    }

    /**
     * Throws an {@link InputException} "cannot read KIND FILE: WHY" unless {@code file} is a
     * regular file of at most {@code limit} bytes. A missing file passes: the reader names it.
     */
    public static void check(Path file, String kind, long limit) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            return; // the reader reports what it cannot read, with its own words
        }
        if (attributes.isDirectory()) {
            throw new InputException("cannot read " + kind + " " + file + ": it is a folder, not a file");
        }
        if (!attributes.isRegularFile()) {
            throw new InputException("cannot read " + kind + " " + file + ": it is not a regular file (a device, a pipe"
                    + " or a socket); give the path of a file");
        }
        if (attributes.size() > limit) {
            throw new InputException("cannot read " + kind + " " + file + ": it is too large (" + size(attributes.size())
                    + "; the limit for a " + kind + " is " + size(limit) + ")");
        }
    }

    private static String size(long bytes) {
        return bytes >= 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024))
                : bytes + " bytes";
    }
}
