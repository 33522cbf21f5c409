package dev.mlops;

import java.time.Duration;

/** Waits between polls; tests pass one that returns at once (or advances a test clock). */
@FunctionalInterface
public interface Sleeper {
    Sleeper SYSTEM = d -> Thread.sleep(d.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
