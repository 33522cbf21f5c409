package dev.mlops.deploy;

import dev.mlops.Outcome;

/** How one reconcile ended: the status it recorded and whether it changed the endpoint. */
public record ReconcileResult(EnvironmentStatus status, boolean acted) {

    public Outcome outcome() {
        return status.outcome();
    }
}
