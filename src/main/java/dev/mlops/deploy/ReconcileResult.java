package dev.mlops.deploy;

/** How one reconcile ended: the recorded status, whether it changed anything, and the outcome. */
public record ReconcileResult(EnvironmentStatus status, boolean acted, Outcome outcome) {

    /** Decides the exit code in one place: ready 0, failed 1, not converged yet 3. */
    public enum Outcome { READY, FAILED, NOT_CONVERGED }
}
