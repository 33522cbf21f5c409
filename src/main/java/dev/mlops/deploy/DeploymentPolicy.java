package dev.mlops.deploy;

import dev.mlops.InputException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an update shifts traffic, as SageMaker's blue/green {@code DeploymentConfig}: a strategy,
 * the wait (baking) interval, the canary or linear step size in percent of capacity, and the
 * CloudWatch alarms whose firing rolls the update back, how long the old fleet is kept after the switch
 * ({@code TerminationWaitInSeconds}) and how long the whole update may take
 * ({@code MaximumExecutionTimeoutInSeconds}).
 *
 * <p>The last two govern how the next change rolls out, not what serves, so they are not part of
 * an {@link EndpointConfig}'s name: changing them alone deploys nothing, and configs named before
 * they existed keep their names.
 */
public record DeploymentPolicy(String strategy, int waitSeconds, Optional<Integer> sizePercent, List<String> alarms,
                               int terminationWaitSeconds, int maxExecutionSeconds) {
    public static final String ALL_AT_ONCE = "ALL_AT_ONCE";
    public static final String CANARY = "CANARY";
    public static final String LINEAR = "LINEAR";
    /** SageMaker's upper bound for {@code WaitIntervalInSeconds}. */
    public static final int MAX_WAIT_SECONDS = 3600;
    /** SageMaker's bounds for {@code MaximumExecutionTimeoutInSeconds}, and the default. */
    public static final int MIN_EXECUTION_SECONDS = 600;
    public static final int MAX_EXECUTION_SECONDS = 28800;
    public static final int DEFAULT_EXECUTION_SECONDS = 3600;

    public DeploymentPolicy {
        Objects.requireNonNull(sizePercent, "sizePercent");
        String what = "cannot use deployment policy " + strategy + ": ";
        if (!List.of(ALL_AT_ONCE, CANARY, LINEAR).contains(strategy)) {
            throw new InputException(what + "strategy must be one of " + ALL_AT_ONCE + ", " + CANARY + ", " + LINEAR);
        }
        if (waitSeconds < 0 || waitSeconds > MAX_WAIT_SECONDS) {
            throw new InputException(what + "wait must be 0 to " + MAX_WAIT_SECONDS + " seconds, found " + waitSeconds);
        }
        checkSize(strategy, sizePercent, what);
        if (terminationWaitSeconds < 0 || terminationWaitSeconds > MAX_WAIT_SECONDS) {
            throw new InputException(what + "termination wait must be 0 to " + MAX_WAIT_SECONDS + " seconds, found "
                    + terminationWaitSeconds);
        }
        if (maxExecutionSeconds < MIN_EXECUTION_SECONDS || maxExecutionSeconds > MAX_EXECUTION_SECONDS) {
            throw new InputException(what + "maximum execution timeout must be " + MIN_EXECUTION_SECONDS + " to "
                    + MAX_EXECUTION_SECONDS + " seconds, found " + maxExecutionSeconds);
        }
        alarms = List.copyOf(alarms);
        if (alarms.stream().anyMatch(String::isBlank)) {
            throw new InputException(what + "an alarm name is blank");
        }
    }

    /** A policy that keeps no old fleet after the switch and allows the default hour for the update. */
    public DeploymentPolicy(String strategy, int waitSeconds, Optional<Integer> sizePercent, List<String> alarms) {
        this(strategy, waitSeconds, sizePercent, alarms, 0, DEFAULT_EXECUTION_SECONDS);
    }

    /** Switch all traffic at once with no baking period and no alarms. */
    public static DeploymentPolicy allAtOnce() {
        return new DeploymentPolicy(ALL_AT_ONCE, 0, Optional.empty(), List.of());
    }

    private static void checkSize(String strategy, Optional<Integer> sizePercent, String what) {
        if (strategy.equals(ALL_AT_ONCE)) {
            if (sizePercent.isPresent()) {
                throw new InputException(what + "a size applies only to " + CANARY + " and " + LINEAR);
            }
            return;
        }
        // SageMaker caps a canary at half of the fleet; a linear step may be anything up to all of it.
        int max = strategy.equals(CANARY) ? 50 : 100;
        int size = sizePercent.orElseThrow(() -> new InputException(what + "a size in percent (1-" + max + ") is required"));
        if (size < 1 || size > max) {
            throw new InputException(what + "size must be 1 to " + max + " percent, found " + size);
        }
    }
}
