package dev.mlops.aws;

import dev.mlops.Polling;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The wait between polls: {@code initial} right after something changed, doubling while nothing
 * does, never above {@code max}; each wait is drawn from its upper half ("equal jitter") so many
 * controllers polling one account do not fall into step.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;
    private Duration current;

    Backoff(Polling polling, RandomGenerator random) {
        this.initial = polling.initial();
        this.max = polling.max();
        this.random = random;
        this.current = initial;
    }

    /** The next wait; {@code changed} says whether the last poll saw progress. */
    Duration next(boolean changed) {
        if (changed) {
            current = initial;
        }
        Duration base = current;
        current = min(current.multipliedBy(2), max);
        long half = Math.max(1, base.toMillis() / 2);
        return Duration.ofMillis(half + random.nextLong(half + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
