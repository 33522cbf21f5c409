package dev.mlops.deploy;

import java.time.Duration;

/** Waits between polls; injected so tests run without real sleeping. */
public interface Sleeper {
    Sleeper REAL = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
