package dev.mlops.deploy;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What an endpoint is doing now, like SageMaker's DescribeEndpoint answer: its status, the config
 * that serves traffic (live) and the one last asked for (requested). A rolled-back update ends
 * {@code InService} on the OLD config with a failure reason, so "InService" alone is not success:
 * use {@link #serves(String)} and {@link #gaveUp(String)}.
 */
public record EndpointDescription(String endpointName, EndpointStatus status, Optional<String> liveConfigName,
                                  Optional<Integer> liveVersion, Optional<String> requestedConfigName,
                                  Optional<String> failureReason, Instant lastModified) {

    public EndpointDescription {
        Objects.requireNonNull(endpointName, "endpointName");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(liveConfigName, "liveConfigName");
        Objects.requireNonNull(liveVersion, "liveVersion");
        Objects.requireNonNull(requestedConfigName, "requestedConfigName");
        Objects.requireNonNull(failureReason, "failureReason");
        Objects.requireNonNull(lastModified, "lastModified");
    }

    /** The update to {@code configName} succeeded: in service and that config takes the traffic. */
    public boolean serves(String configName) {
        return status == EndpointStatus.InService && liveConfigName.filter(configName::equals).isPresent();
    }

    /**
     * The update to {@code configName} is over and did not take: the endpoint failed, or it is back
     * in service on another config (rolled back). A waiter stops waiting and reports the failure reason.
     */
    public boolean gaveUp(String configName) {
        boolean requested = requestedConfigName.filter(configName::equals).isPresent();
        boolean failed = status == EndpointStatus.Failed || status == EndpointStatus.UpdateRollbackFailed;
        boolean rolledBack = status == EndpointStatus.InService && !serves(configName);
        return requested && (failed || rolledBack);
    }
}
