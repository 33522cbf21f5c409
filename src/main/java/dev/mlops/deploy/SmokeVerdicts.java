package dev.mlops.deploy;

import java.util.Optional;

/**
 * Where health finds the last smoke run of an environment that counts as evidence (against the
 * environment's own API, with its own suite); owned here and implemented by the smoke results.
 */
@FunctionalInterface
public interface SmokeVerdicts {
    SmokeVerdicts NONE = env -> Optional.empty();

    Optional<SmokeVerdict> last(String env);
}
