package dev.mlops.aws;

import dev.mlops.InputException;
import dev.mlops.data.Ai4iGenerator;
import dev.mlops.data.DataLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Puts a build's input data where SageMaker's jobs can read it: an {@code s3://} location is used
 * as it is; a local file is uploaded under a name made from its content hash; generated data is
 * generated here and uploaded under its rows-and-seed name (the same name always holds the same
 * bytes, so re-runs upload the same object).
 */
final class DataStaging {
    private final S3Store s3;
    private final String dataRoot;

    DataStaging(S3Store s3, String dataRoot) {
        this.s3 = s3;
        this.dataRoot = dataRoot;
    }

    /** The S3 URI of the data at {@code uri}. */
    String stage(String uri) {
        DataLocation location = DataLocation.parse(uri);
        if (location instanceof DataLocation.S3Object object) {
            return "s3://" + object.bucket() + "/" + object.key();
        }
        if (location instanceof DataLocation.LocalFile file) {
            byte[] bytes = read(file.path(), uri);
            MessageDigest digest = Digests.sha256();
            digest.update(bytes);
            return upload(dataRoot + "/" + Digests.hex(digest, 16) + "/" + file.path().getFileName(), bytes);
        }
        DataLocation.Generated generated = (DataLocation.Generated) location;
        Path temp = null;
        try {
            temp = Files.createTempFile("mlops-data-", ".csv");
            Ai4iGenerator.write(generated.request(), temp);
            return upload(dataRoot + "/generated/" + generated.fileName(), read(temp, uri));
        } catch (IOException e) {
            throw new InputException("cannot generate data " + uri + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private String upload(String target, byte[] bytes) {
        s3.put(target, bytes, "text/csv");
        return target;
    }

    private static byte[] read(Path file, String uri) {
        if (!Files.isRegularFile(file)) {
            throw new InputException("cannot read data " + uri + ": no such file " + file);
        }
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException("cannot read data " + uri + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }
}
