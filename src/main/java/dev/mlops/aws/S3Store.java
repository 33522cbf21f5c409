package dev.mlops.aws;

import dev.mlops.InputException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Reads and writes small objects named by {@code s3://bucket/key} URIs: scripts, data, evaluation reports. */
final class S3Store {
    private static final Pattern URI = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.+)");

    /** An object's place. */
    record Location(String bucket, String key) {
        static Location parse(String uri) {
            Matcher m = URI.matcher(uri);
            if (!m.matches()) {
                throw new InputException("cannot use S3 location '" + uri + "': expected s3://bucket/key");
            }
            return new Location(m.group(1), m.group(2));
        }

        @Override
        public String toString() {
            return "s3://" + bucket + "/" + key;
        }
    }

    private final S3Client s3;

    S3Store(S3Client s3) {
        this.s3 = s3;
    }

    void put(String uri, byte[] body, String contentType) {
        Location at = Location.parse(uri);
        try {
            s3.putObject(b -> b.bucket(at.bucket()).key(at.key()).contentType(contentType), RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw AwsErrors.translate("upload " + at, e);
        }
    }

    /** The object as UTF-8 text, or empty when it does not exist. */
    Optional<String> text(String uri) {
        Location at = Location.parse(uri);
        try {
            return Optional.of(s3.getObjectAsBytes(b -> b.bucket(at.bucket()).key(at.key())).asString(StandardCharsets.UTF_8));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw AwsErrors.translate("read " + at, e);
        }
    }
}
