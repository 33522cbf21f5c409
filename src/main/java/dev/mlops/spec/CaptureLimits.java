package dev.mlops.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * How much data capture may keep on a local endpoint: each captured body (input or output) is cut
 * to {@code maxPayloadBytes} as written, a file is closed after {@code maxFileBytes} or
 * {@code rotateAfter}, and the oldest files are deleted to keep the endpoint's capture folder
 * within {@code maxTotalBytes}. SageMaker keeps captures in S3 without such a cap; locally they
 * share a disk with the registry and Git, so the cap keeps a flood of large requests from filling it.
 */
public record CaptureLimits(long maxPayloadBytes, long maxFileBytes, long maxTotalBytes, Duration rotateAfter) {
    public static final int DEFAULT_MAX_PAYLOAD_KB = 64;
    public static final int DEFAULT_MAX_FILE_MB = 16;
    public static final int DEFAULT_MAX_TOTAL_MB = 256;
    public static final int DEFAULT_ROTATE_MINUTES = 60;
    /** What a record holds besides its two bodies (ids, times, content types), at most. */
    public static final long RECORD_OVERHEAD_BYTES = 1024;
    public static final CaptureLimits DEFAULTS = of(DEFAULT_MAX_PAYLOAD_KB, DEFAULT_MAX_FILE_MB, DEFAULT_MAX_TOTAL_MB,
            DEFAULT_ROTATE_MINUTES);

    public CaptureLimits {
        Objects.requireNonNull(rotateAfter, "rotateAfter");
        if (maxPayloadBytes < 1 || rotateAfter.isNegative() || rotateAfter.isZero()) {
            throw new IllegalArgumentException("cannot bound data capture: the payload limit and the rotation"
                    + " interval must be positive");
        }
        if (maxFileBytes < largestRecordBytes(maxPayloadBytes)) {
            throw new IllegalArgumentException("cannot bound data capture: a file of " + maxFileBytes
                    + " bytes cannot hold one record of two " + maxPayloadBytes + "-byte bodies");
        }
        if (maxTotalBytes < maxFileBytes) {
            throw new IllegalArgumentException("cannot bound data capture: the total cap (" + maxTotalBytes
                    + " bytes) is smaller than one file (" + maxFileBytes + " bytes)");
        }
    }

    /** The limits as the environment file spells them: KB, MB and minutes. */
    public static CaptureLimits of(int maxPayloadKb, int maxFileMb, int maxTotalMb, int rotateMinutes) {
        return new CaptureLimits(maxPayloadKb * 1024L, maxFileMb * 1024L * 1024L, maxTotalMb * 1024L * 1024L,
                Duration.ofMinutes(rotateMinutes));
    }

    /** The largest line one captured invocation can write: both bodies at the limit, plus metadata. */
    public static long largestRecordBytes(long maxPayloadBytes) {
        return 2 * maxPayloadBytes + RECORD_OVERHEAD_BYTES;
    }
}
