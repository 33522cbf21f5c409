package dev.mlops.deploy;

import dev.mlops.Outcome;

/**
 * Why a reconcile ended as it did: one PascalCase constant per ending, each with the outcome that
 * decides the exit code and what a loop does next. The conditions follow from it ({@link ConditionType}).
 */
public enum Reason {
    /** The endpoint serves the desired config. */
    ReconciliationSucceeded(Outcome.SUCCEEDED),
    /** The desired state names no model package and there is no endpoint. */
    NothingDesired(Outcome.SUCCEEDED),
    /** An update this controller started is under way. */
    Progressing(Outcome.WAITING),
    /** The controller's own time-out expired; the update goes on. */
    WaitTimedOut(Outcome.WAITING),
    /** Another update (someone else's, or SageMaker's own maintenance) holds the endpoint. */
    EndpointBusy(Outcome.WAITING),
    /** The reconcile was stopped while it waited; the update goes on. */
    Interrupted(Outcome.WAITING),
    /** The desired version is not Approved in the registry. */
    NotApproved(Outcome.STALLED),
    /** The desired version is not in the registry. */
    DesiredVersionMissing(Outcome.STALLED),
    /** The update did not take (it failed or rolled back); the old config keeps serving. */
    DeploymentFailed(Outcome.STALLED),
    /** The environment's file in Git does not read. */
    InvalidDesiredState(Outcome.STALLED),
    /** The endpoint differs from the desired state and the reconcile was asked not to correct it ({@code --no-correct}). */
    DriftDetected(Outcome.STALLED),
    /** The desired state names no model package, but an endpoint exists: it is never deleted for you. */
    DeletionNotSupported(Outcome.STALLED),
    /** The reconcile was refused for a reason only a human can fix (e.g. a package without a model artifact). */
    ReconciliationFailed(Outcome.STALLED),
    /** Something the reconcile needs (Git, the registry, the endpoint API) failed for now. */
    DependencyFailed(Outcome.TRANSIENT),
    /** A bug in mlops. */
    InternalError(Outcome.INTERNAL);

    private final Outcome outcome;

    Reason(Outcome outcome) {
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The reason recorded when an exception ends a reconcile. */
    public static Reason of(Throwable error) {
        return switch (Outcome.of(error)) {
            case INTERNAL -> InternalError;
            case WAITING -> Interrupted;
            case INPUT, STALLED -> ReconciliationFailed;
            default -> DependencyFailed;
        };
    }
}
