package dev.mlops.deploy;

import dev.mlops.InputException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How an update shifts traffic, as SageMaker's blue/green {@code DeploymentConfig}: a strategy,
 * the wait (baking) interval, the canary or linear step size in percent of capacity, and the
 * CloudWatch alarms whose firing rolls the update back.
 */
public record DeploymentPolicy(String strategy, int waitSeconds, Optional<Integer> sizePercent, List<String> alarms) {
    public static final String ALL_AT_ONCE = "ALL_AT_ONCE";
    public static final String CANARY = "CANARY";
    public static final String LINEAR = "LINEAR";
    /** SageMaker's upper bound for {@code WaitIntervalInSeconds}. */
    public static final int MAX_WAIT_SECONDS = 3600;

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
        alarms = List.copyOf(alarms);
        if (alarms.stream().anyMatch(String::isBlank)) {
            throw new InputException(what + "an alarm name is blank");
        }
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
