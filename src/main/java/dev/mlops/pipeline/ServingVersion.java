package dev.mlops.pipeline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A version that serves an environment now, with the metrics the registry recorded for it and
 * what they were measured on: what a build's evaluation report puts next to its own metrics.
 */
public record ServingVersion(String env, String version, Map<String, Double> metrics, String evaluatedOn) {

    public ServingVersion {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(evaluatedOn, "evaluatedOn");
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
