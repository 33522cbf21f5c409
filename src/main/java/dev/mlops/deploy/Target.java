package dev.mlops.deploy;

import dev.mlops.gitops.DesiredState;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelRegistry;
import java.util.Objects;
import java.util.Optional;

/**
 * What the desired state asks the endpoint to serve, resolved against the registry: the package
 * and the endpoint config it maps to, or why it cannot be deployed (missing, not Approved), or
 * nothing at all when the desired state names no package.
 */
public record Target(DesiredState desired, Optional<ModelPackage> modelPackage, Optional<EndpointConfig> config,
                     Optional<Problem> problem) {

    /** Why the desired version cannot be deployed. */
    public record Problem(Reason reason, String message) {
    }

    public Target {
        Objects.requireNonNull(desired, "desired");
        Objects.requireNonNull(modelPackage, "modelPackage");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(problem, "problem");
    }

    /** Resolves the desired version of {@code desired} in {@code registry}. */
    public static Target resolve(DesiredState desired, ModelRegistry registry) {
        Optional<ModelPackageRef> wanted = desired.spec().modelPackage();
        if (wanted.isEmpty()) {
            return new Target(desired, Optional.empty(), Optional.empty(), Optional.empty());
        }
        Optional<ModelPackage> found = registry.find(wanted.get());
        String cannot = "cannot deploy " + wanted.get() + " to " + desired.env() + ": ";
        if (found.isEmpty()) {
            return new Target(desired, found, Optional.empty(), Optional.of(new Problem(Reason.DesiredVersionMissing,
                    cannot + "it is not in the registry")));
        }
        if (found.get().approvalStatus() != ApprovalStatus.Approved) {
            return new Target(desired, found, Optional.empty(), Optional.of(new Problem(Reason.NotApproved,
                    cannot + "it is " + found.get().approvalStatus() + "; only Approved packages are deployed")));
        }
        return new Target(desired, found, Optional.of(EndpointConfigs.of(desired.spec(), found.get())), Optional.empty());
    }

    public String env() {
        return desired.env();
    }

    public String endpoint() {
        return desired.spec().endpoint().name();
    }

    /** The desired version, {@code group/version}. */
    public Optional<ModelPackageRef> version() {
        return desired.spec().modelPackage();
    }
}
