package dev.mlops.data;

import dev.mlops.AtomicFiles;
import dev.mlops.InputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local backend's stand-in for S3: {@code s3://bucket/key} lives at
 * {@code <state-dir>/s3/bucket/key}, so artifact URIs read the same on both backends. Writes are
 * atomic (temp file, then rename), so a killed process never leaves half an artifact.
 */
public final class LocalArtifactStore {
    private static final Pattern S3 = Pattern.compile("s3://([a-z0-9][a-z0-9.\\-]{1,62})/(.+)");
    private final Path root;

    public LocalArtifactStore(Path stateDir) {
        this.root = stateDir.resolve("s3").toAbsolutePath().normalize();
    }

    /** The local file behind an {@code s3://} URI; refuses keys that would climb out of the store. */
    public Path pathOf(String uri) {
        Matcher m = S3.matcher(uri);
        if (!m.matches()) {
            throw new InputException("cannot map '" + uri + "' to the local artifact store: expected s3://bucket/key");
        }
        Path path = root.resolve(m.group(1)).resolve(m.group(2)).normalize();
        if (!path.startsWith(root.resolve(m.group(1)))) {
            throw new InputException("cannot map '" + uri + "' to the local artifact store: the key leaves its bucket");
        }
        return path;
    }

    public String write(String uri, byte[] content) {
        writeAtomically(pathOf(uri), content);
        return uri;
    }

    /** Streams an artifact into place atomically; an I/O failure is unchecked, naming the file. */
    public String write(String uri, AtomicFiles.Bytes content) {
        Path target = pathOf(uri);
        try {
            AtomicFiles.writeBytes(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
        return uri;
    }

    public byte[] read(String uri) {
        Path path = pathOf(uri);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new InputException("cannot read artifact " + uri + " (" + path + "): " + e.getMessage());
        }
    }

    /** Writes a whole file atomically; an I/O failure is unchecked, naming the file. */
    public static void writeAtomically(Path target, byte[] content) {
        try {
            AtomicFiles.write(target, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }
}
