package dev.mlops.deploy;

import dev.mlops.InputException;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The model package an endpoint serves: group, version, ARN and its artifacts (for the inference
 * pipeline {@value #FEATURIZER} and {@value #MODEL}, as {@code s3://} URIs, and {@value #DECISION}:
 * the decision threshold its build chose, absent from packages built before thresholds were chosen).
 */
public record ModelRef(String group, int version, String arn, Map<String, String> artifacts) {
    public static final String FEATURIZER = "featurizer";
    public static final String MODEL = "model";
    public static final String DECISION = "decision";

    public ModelRef {
        new ModelPackageRef(group, version); // throws on an illegal group name or version
        Objects.requireNonNull(arn, "arn");
        // Sorted, so the config hash never depends on the order artifacts were listed in.
        artifacts = Collections.unmodifiableMap(new TreeMap<>(artifacts));
    }

    public static ModelRef of(ModelPackage modelPackage) {
        return new ModelRef(modelPackage.group(), modelPackage.version(), modelPackage.arn(), modelPackage.artifacts());
    }

    /** The URI of a named artifact; an InputException naming the ones the package has when missing. */
    public String artifact(String name) {
        String uri = artifacts.get(name);
        if (uri == null || uri.isBlank()) {
            throw new InputException("cannot deploy model package " + this + ": it has no '" + name
                    + "' artifact (it has: " + String.join(", ", artifacts.keySet()) + ")");
        }
        return uri;
    }

    @Override
    public String toString() {
        return group + "/" + version;
    }
}
