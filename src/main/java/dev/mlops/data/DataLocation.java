package dev.mlops.data;

import java.nio.file.Path;
import java.util.List;

/**
 * Where a user says the data is, parsed but not yet resolved: a local file ({@code data.csv},
 * {@code /abs/data.csv}, {@code file:///abs/data.csv}), an S3 object ({@code s3://bucket/key}) or
 * generated data ({@code generated://ai4i?rows=10000&seed=42}). Backends decide what each means.
 */
public sealed interface DataLocation {
    /** How the supported forms are listed in error messages. */
    List<String> SUPPORTED_FORMS = List.of("a file path", "file:///path", "s3://bucket/key",
            "generated://ai4i?rows=N&seed=S");

    /** The location as the user wrote it, for messages. */
    String uri();

    /** Parses {@code uri}; an {@code InputException} names it when the form is not supported. */
    static DataLocation parse(String uri) {
        return DataLocationParser.parse(uri);
    }

    /** A file on this machine; {@code path} is absolute. */
    record LocalFile(String uri, Path path) implements DataLocation {
    }

    /** An object in S3; {@code key} has no empty, "." or ".." segments. */
    record S3Object(String uri, String bucket, String key) implements DataLocation {
    }

    /** AI4I-like data made by {@link Ai4iGenerator} (defaults: 10,000 rows, seed 42). */
    record Generated(String uri, Ai4iGenerator.Request request) implements DataLocation {
        public static final int DEFAULT_ROWS = 10_000;
        public static final long DEFAULT_SEED = 42;

        /** A file name that identifies the data: the same name always holds the same bytes. */
        public String fileName() {
            return "ai4i-rows-" + request.rows() + "-seed-" + request.seed() + ".csv";
        }
    }
}
