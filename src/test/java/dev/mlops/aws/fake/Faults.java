package dev.mlops.aws.fake;

import java.time.Duration;
import java.util.Optional;

/** Request-level faults a test arms before the next calls; consumed one per request. */
final class Faults {
    private int throttled;
    private int failures;
    private int failureStatus = 500;
    private Duration delay = Duration.ZERO;

    synchronized void throttleNext(int count) {
        throttled = requireCount(count);
    }

    synchronized void failNext(int count, int httpStatus) {
        if (httpStatus < 500 || httpStatus > 599) {
            throw new IllegalArgumentException("failNext takes a 5xx status, got " + httpStatus);
        }
        failures = requireCount(count);
        failureStatus = httpStatus;
    }

    synchronized void slowResponses(Duration perRequest) {
        if (perRequest.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + perRequest);
        }
        delay = perRequest;
    }

    synchronized Duration delay() {
        return delay;
    }

    /** Throttling first, then server failures: each armed fault answers exactly one request. */
    synchronized Optional<ApiError> next() {
        if (throttled > 0) {
            throttled--;
            return Optional.of(ApiError.throttling());
        }
        if (failures > 0) {
            failures--;
            return Optional.of(ApiError.serverFailure(failureStatus));
        }
        return Optional.empty();
    }

    private static int requireCount(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        return count;
    }
}
