package dev.mlops.pipeline.sagemaker;

import dev.mlops.InputException;
import java.util.regex.Pattern;

/**
 * Where the pipeline's files live: {@code artifacts} holds every execution's outputs under
 * {@code <artifacts>/<execution id>/<step>/<output>}; {@code code} holds the scripts the jobs
 * run. A caller that wants each commit's code kept apart passes a per-commit {@code code}.
 * Both are {@code s3://bucket[/key]} without a trailing slash.
 */
public record S3Locations(String artifacts, String code) {
    private static final Pattern S3_URI = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[^\\s]*)?");

    public S3Locations {
        artifacts = normalize("artifacts", artifacts);
        code = normalize("code", code);
    }

    /** Artifacts under {@code prefix}, code under {@code prefix/code}. */
    public static S3Locations under(String prefix) {
        String artifacts = normalize("artifacts", prefix);
        return new S3Locations(artifacts, artifacts + "/code");
    }

    private static String normalize(String what, String uri) {
        String trimmed = uri == null ? "" : uri.replaceAll("/+$", "");
        if (!S3_URI.matcher(trimmed).matches() || trimmed.substring("s3://".length()).contains("//")) {
            throw new InputException("cannot use S3 location '" + uri + "' for " + what
                    + ": expected s3://bucket or s3://bucket/prefix (a bucket name has 3 to 63 lowercase letters,"
                    + " digits, dots and hyphens)");
        }
        return trimmed;
    }
}
