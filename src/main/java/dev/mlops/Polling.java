package dev.mlops;

import java.time.Duration;

/**
 * How a wait for remote work polls: the first interval, doubled after each look up to {@code max}.
 * A fixed interval is {@code initial == max}. Read once, used by every wait (a build, a deployment).
 */
public record Polling(Duration initial, Duration max) {
    /** SageMaker's: Describe calls have low quotas, and a deployment takes minutes. */
    public static final Polling DEFAULT = new Polling(Duration.ofSeconds(2), Duration.ofSeconds(30));

    public Polling {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new InputException("cannot poll every " + initial + " up to " + max
                    + ": poll_interval must be positive and at most max_poll_interval");
        }
    }

    /** Every {@code interval}, never longer. */
    public static Polling every(Duration interval) {
        if (interval.isZero() || interval.isNegative()) {
            throw new InputException("cannot poll every " + interval.toMillis() + " ms: the interval must be longer than 0");
        }
        return new Polling(interval, interval);
    }

    /** The interval after {@code previous}: doubled, at most {@link #max}. */
    public Duration after(Duration previous) {
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(max) > 0 ? max : doubled;
    }
}
