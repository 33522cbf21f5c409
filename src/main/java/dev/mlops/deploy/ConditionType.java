package dev.mlops.deploy;

import dev.mlops.Outcome;

/**
 * The conditions an environment's status carries, as Flux and kstatus name them, with their
 * polarity: {@code Ready} is good when True; {@code Reconciling} and {@code Stalled} are abnormal
 * when True. Whether each holds follows from the outcome of the last reconcile, in this one table.
 */
public enum ConditionType {
    Ready(Polarity.POSITIVE, Outcome.SUCCEEDED),
    Reconciling(Polarity.NEGATIVE, Outcome.WAITING),
    Stalled(Polarity.NEGATIVE, Outcome.STALLED);

    /** Whether True is the normal state of the condition (positive) or the abnormal one (negative). */
    public enum Polarity { POSITIVE, NEGATIVE }

    private final Polarity polarity;
    private final Outcome holdsOn;

    ConditionType(Polarity polarity, Outcome holdsOn) {
        this.polarity = polarity;
        this.holdsOn = holdsOn;
    }

    public Polarity polarity() {
        return polarity;
    }

    /** Whether this condition is True after a reconcile that ended with {@code outcome}. */
    public boolean holdsAfter(Outcome outcome) {
        return outcome == holdsOn;
    }
}
