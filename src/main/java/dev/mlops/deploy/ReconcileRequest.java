package dev.mlops.deploy;

import java.time.Duration;

/** One reconcile of one environment: how long to wait for the endpoint, and how often to look. */
public record ReconcileRequest(String env, Duration timeout, Duration pollInterval) {
}
