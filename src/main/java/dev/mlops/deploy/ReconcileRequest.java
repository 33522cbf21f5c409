package dev.mlops.deploy;

import dev.mlops.InputException;
import java.time.Duration;
import java.util.Objects;

/**
 * One reconcile of one environment: how long to wait for the endpoint, how often to look, and
 * whether a config whose deployment failed is tried again ({@code mlops reconcile --once} does, as
 * a person asks for it; the loop does not, so a failed deployment stalls until Git changes).
 */
public record ReconcileRequest(String env, Duration timeout, Duration pollInterval, boolean retryFailed) {
    public ReconcileRequest {
        Objects.requireNonNull(env, "env");
        if (timeout.isNegative()) {
            throw new InputException("cannot reconcile " + env + " with a negative --timeout");
        }
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new InputException("cannot reconcile " + env + ": --poll must be longer than 0");
        }
    }
}
