package dev.mlops.deploy;

import dev.mlops.InputException;
import dev.mlops.Polling;
import java.time.Duration;
import java.util.Objects;

/**
 * One reconcile of one environment: how long to wait for the endpoint, how often to look (from
 * {@link Polling#initial}, doubling up to {@link Polling#max}: the backend's pace), and what it may
 * change ({@link Mode}).
 */
public record ReconcileRequest(String env, Duration timeout, Polling polling, Mode mode) {

    /** What a reconcile may write to the endpoint. */
    public enum Mode {
        /** Apply the difference, and try a config whose deployment failed again ({@code mlops reconcile --once}: a person asks). */
        CORRECT_AND_RETRY,
        /** Apply the difference, but never a config that failed: it stalls until Git changes (the loop). */
        CORRECT,
        /** Write nothing: a difference ends as DriftDetected ({@code --no-correct}). */
        REPORT_ONLY
    }

    public ReconcileRequest {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(mode, "mode");
        if (timeout.isNegative()) {
            throw new InputException("cannot reconcile " + env + " with a negative --timeout");
        }
        Objects.requireNonNull(polling, "polling");
    }

    /** A request that polls every {@code pollInterval}. */
    public ReconcileRequest(String env, Duration timeout, Duration pollInterval, Mode mode) {
        this(env, timeout, fixed(env, pollInterval), mode);
    }

    private static Polling fixed(String env, Duration pollInterval) {
        if (pollInterval.isZero() || pollInterval.isNegative()) {
            throw new InputException("cannot reconcile " + env + ": --poll must be longer than 0");
        }
        return Polling.every(pollInterval);
    }

    /** A request that corrects the endpoint, retrying a failed config when {@code retryFailed}. */
    public ReconcileRequest(String env, Duration timeout, Duration pollInterval, boolean retryFailed) {
        this(env, timeout, pollInterval, retryFailed ? Mode.CORRECT_AND_RETRY : Mode.CORRECT);
    }

    public boolean retryFailed() {
        return mode == Mode.CORRECT_AND_RETRY;
    }

    public boolean corrects() {
        return mode != Mode.REPORT_ONLY;
    }
}
