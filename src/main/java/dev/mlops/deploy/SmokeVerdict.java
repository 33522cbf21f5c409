package dev.mlops.deploy;

import java.time.Instant;
import java.util.Objects;

/**
 * The last smoke run against an environment's own API, as its health needs it: which version
 * answered ({@code group/version}), whether every case passed, and a one-line summary.
 */
public record SmokeVerdict(String version, boolean passed, String summary, Instant at) {
    public SmokeVerdict {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(at, "at");
    }
}
