package dev.mlops.server;

import dev.mlops.deploy.EndpointStatus;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the serving process reports for one endpoint ({@code status.json}): its status, the config
 * and version that take traffic, the request this status answers, the last config that was fully
 * in service (what a restart falls back to) and why the last update failed.
 */
public record EndpointStatusFile(EndpointStatus status, Optional<String> liveConfigName, Optional<Integer> liveVersion,
                                 Optional<String> handledRequest, Optional<String> lastGoodConfigName,
                                 Optional<String> failureReason, Instant updatedAt) {

    public EndpointStatusFile {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(liveConfigName, "liveConfigName");
        Objects.requireNonNull(liveVersion, "liveVersion");
        Objects.requireNonNull(handledRequest, "handledRequest");
        Objects.requireNonNull(lastGoodConfigName, "lastGoodConfigName");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
