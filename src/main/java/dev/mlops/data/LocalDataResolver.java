package dev.mlops.data;

import dev.mlops.InputException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local backend's {@link DataResolver}. Its artifact store stands in for S3: {@code s3://b/k}
 * is the file {@code <stateDir>/s3/b/k}. Generated data is written there once, under
 * {@code s3/generated/}, and reused: the generator writes atomically, so a file present under its
 * name is complete, and the same name always holds the same bytes.
 */
public final class LocalDataResolver implements DataResolver {
    private final Path stateDir;

    public LocalDataResolver(Path stateDir) {
        this.stateDir = stateDir.toAbsolutePath().normalize();
    }

    @Override
    public Path resolve(String uri) {
        DataLocation location = DataLocation.parse(uri);
        if (location instanceof DataLocation.LocalFile file) {
            return existingFile(file.uri(), file.path());
        }
        if (location instanceof DataLocation.S3Object object) {
            return storedObject(object);
        }
        return generated((DataLocation.Generated) location);
    }

    private static Path existingFile(String uri, Path path) {
        if (Files.isDirectory(path)) {
            throw new InputException("cannot read data " + uri + ": " + path + " is a folder, not a file");
        }
        if (!Files.isRegularFile(path)) {
            throw new InputException("cannot read data " + uri + ": no such file " + path);
        }
        return path;
    }

    private Path storedObject(DataLocation.S3Object object) {
        Path path = objectPath(object.bucket(), object.key());
        if (!Files.isRegularFile(path)) {
            throw new InputException("cannot read data " + object.uri()
                    + ": the local artifact store has no such object (looked at " + path
                    + "); copy the file there: mkdir -p " + path.getParent() + " && cp YOUR_FILE " + path);
        }
        return path;
    }

    private Path generated(DataLocation.Generated generated) {
        Path path = objectPath("generated", generated.fileName());
        if (!Files.isRegularFile(path)) {
            Ai4iGenerator.write(generated.request(), path);
        }
        return path;
    }

    private Path objectPath(String bucket, String key) {
        return stateDir.resolve("s3").resolve(bucket).resolve(key);
    }
}
