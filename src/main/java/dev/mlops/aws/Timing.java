package dev.mlops.aws;

import dev.mlops.Sleeper;
import java.time.Clock;

/** The time source and the way of waiting a follow uses; tests pass a clock they move and a sleeper that returns at once. */
public record Timing(Clock clock, Sleeper sleeper) {
    public static final Timing SYSTEM = new Timing(Clock.systemUTC(), Sleeper.SYSTEM);
}
