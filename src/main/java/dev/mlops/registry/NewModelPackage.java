package dev.mlops.registry;

import dev.mlops.InputException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a caller registers; the registry adds the version, ARN, time and first history entry.
 * {@code decision} says who decided a status other than PendingManualApproval at registration and
 * why (a pipeline spec's auto-approval): the history then shows the registration as pending
 * followed by that decision, as a later approval would.
 */
public record NewModelPackage(
        String group,
        ApprovalStatus initialStatus,
        Map<String, Double> metrics,
        Map<String, String> artifacts,
        Optional<String> sourceCommit,
        Optional<String> executionId,
        Optional<String> description,
        String registeredBy,
        Optional<Decision> decision) {

    /** Who decided the initial status and why. */
    public record Decision(String by, String reason) {
        public Decision {
            if (by == null || by.isBlank() || reason == null) {
                throw new IllegalArgumentException("a registration decision names who decided and why");
            }
        }
    }

    /** A package without a recorded decision. */
    public NewModelPackage(String group, ApprovalStatus initialStatus, Map<String, Double> metrics,
                           Map<String, String> artifacts, Optional<String> sourceCommit, Optional<String> executionId,
                           Optional<String> description, String registeredBy) {
        this(group, initialStatus, metrics, artifacts, sourceCommit, executionId, description, registeredBy,
                Optional.empty());
    }

    public NewModelPackage {
        String action = "register model package in group " + group;
        ModelPackageRef.requireValidGroup(group, action);
        Objects.requireNonNull(initialStatus, "initialStatus");
        Objects.requireNonNull(sourceCommit, "sourceCommit");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(description, "description");
        if (registeredBy == null || registeredBy.isBlank()) {
            throw new InputException("cannot " + action + ": registeredBy must name who registers it");
        }
        Objects.requireNonNull(decision, "decision");
        if (decision.isPresent() && initialStatus == ApprovalStatus.PendingManualApproval) {
            throw new IllegalArgumentException("cannot " + action + ": a decision is recorded only for a status other"
                    + " than " + ApprovalStatus.PendingManualApproval);
        }
        metrics = checkedMetrics(metrics, action);
        artifacts = checkedArtifacts(artifacts, action);
    }

    /** A package with no optional fields, pending approval like the workshop's pipeline registers it. */
    public static NewModelPackage pending(String group, Map<String, Double> metrics,
            Map<String, String> artifacts, String registeredBy) {
        return new NewModelPackage(group, ApprovalStatus.PendingManualApproval, metrics, artifacts,
                Optional.empty(), Optional.empty(), Optional.empty(), registeredBy);
    }

    // JSON (and so the registry file) has no NaN or infinity; a gate comparing them would lie anyway.
    private static Map<String, Double> checkedMetrics(Map<String, Double> metrics, String action) {
        Map<String, Double> copy = new LinkedHashMap<>();
        metrics.forEach((name, value) -> {
            if (name == null || name.isBlank()) {
                throw new InputException("cannot " + action + ": a metric has no name");
            }
            if (value == null || !Double.isFinite(value)) {
                throw new InputException("cannot " + action + ": metric '" + name + "' is " + value
                        + "; metrics must be finite numbers");
            }
            copy.put(name, value);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Map<String, String> checkedArtifacts(Map<String, String> artifacts, String action) {
        Map<String, String> copy = new LinkedHashMap<>();
        artifacts.forEach((name, uri) -> {
            if (name == null || name.isBlank()) {
                throw new InputException("cannot " + action + ": an artifact has no name");
            }
            if (uri == null || uri.isBlank()) {
                throw new InputException("cannot " + action + ": artifact '" + name + "' has no URI");
            }
            copy.put(name, uri);
        });
        return Collections.unmodifiableMap(copy);
    }
}
