package dev.mlops;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Writes a file whole or not at all: into a temporary sibling, then moved over the target, so a
 * reader (or a process killed mid-write) never sees half a file. Folders are created as needed
 * and the temporary file is removed when the write fails. The sibling is not made with
 * Files.createTempFile, whose owner-only permissions would stick to the file.
 */
public final class AtomicFiles {

    /** What produces the file's text. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Writer out) throws IOException;
    }

    /** What produces the file's bytes. */
    @FunctionalInterface
    public interface Bytes {
        void writeTo(java.io.OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path file, byte[] content) throws IOException {
        replace(file, temp -> Files.write(temp, content, StandardOpenOption.CREATE_NEW));
    }

    public static void write(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Streams UTF-8 text into the file, for content too large to hold in memory. */
    public static void write(Path file, Content content) throws IOException {
        replace(file, temp -> {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
                content.writeTo(out);
            }
        });
    }

    /** Streams bytes into the file through a buffer, for content too large to hold in memory. */
    public static void writeBytes(Path file, Bytes content) throws IOException {
        replace(file, temp -> {
            try (java.io.OutputStream out = new java.io.BufferedOutputStream(
                    Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW), 1 << 16)) {
                content.writeTo(out);
            }
        });
    }

    private interface TempWriter {
        void write(Path temp) throws IOException;
    }

    private static void replace(Path file, TempWriter writer) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            writer.write(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
