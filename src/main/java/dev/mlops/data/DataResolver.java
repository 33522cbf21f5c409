package dev.mlops.data;

import java.nio.file.Path;

/**
 * Turns the data location a user gave (see {@link DataLocation}) into a local file the engine can
 * read. Each backend has one: the local backend maps {@code s3://} into its state folder, the AWS
 * backend can download.
 */
public interface DataResolver {
    /** The local file holding the data at {@code uri}; an {@code InputException} when there is none. */
    Path resolve(String uri);
}
