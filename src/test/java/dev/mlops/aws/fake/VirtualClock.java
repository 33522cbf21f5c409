package dev.mlops.aws.fake;

import java.time.Duration;
import java.time.Instant;

/**
 * Time inside the fake: it moves only when the fake ticks or stamps a new resource, so every
 * run of a test sees the same timestamps and no test ever sleeps.
 */
final class VirtualClock {
    private static final Instant ORIGIN = Instant.parse("2025-01-06T09:00:00Z");
    private static final Duration TICK = Duration.ofMinutes(1);

    private Instant now = ORIGIN;

    Instant now() {
        return now;
    }

    void tick() {
        now = now.plus(TICK);
    }

    /** A creation time; one millisecond apart so that sorting by creation time is total. */
    Instant stamp() {
        now = now.plusMillis(1);
        return now;
    }
}
