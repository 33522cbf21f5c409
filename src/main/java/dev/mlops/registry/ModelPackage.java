package dev.mlops.registry;

import dev.mlops.InputException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One registered model version, shaped like SageMaker's DescribeModelPackage answer. The
 * history holds every approval decision in order, the registration first; the approval
 * status always equals the last entry's {@code to}.
 */
public record ModelPackage(
        String group,
        int version,
        String arn,
        ApprovalStatus approvalStatus,
        String packageStatus,
        Instant createdAt,
        Map<String, Double> metrics,
        Map<String, String> artifacts,
        Optional<String> sourceCommit,
        Optional<String> executionId,
        Optional<String> description,
        List<ApprovalEvent> history) {

    /** The only {@code ModelPackageStatus} a local registration reaches: it is written at once. */
    public static final String COMPLETED = "Completed";

    public ModelPackage {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(approvalStatus, "approvalStatus");
        Objects.requireNonNull(packageStatus, "packageStatus");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(sourceCommit, "sourceCommit");
        Objects.requireNonNull(executionId, "executionId");
        Objects.requireNonNull(description, "description");
        new ModelPackageRef(group, version); // throws on an illegal group name or version
        // Insertion order is kept so metrics and artifacts print in the order they were given.
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        artifacts = Collections.unmodifiableMap(new LinkedHashMap<>(artifacts));
        history = List.copyOf(history);
    }

    /** The ARN a local registry gives a package; SageMaker lowercases the group name in ARNs. */
    public static String localArn(ModelPackageRef ref) {
        return "arn:aws:sagemaker:local:000000000000:model-package/"
                + ref.group().toLowerCase(Locale.ROOT) + "/" + ref.version();
    }

    public ModelPackageRef ref() {
        return new ModelPackageRef(group, version);
    }

    /**
     * The history entry a request would add, or empty when the package already has the requested
     * status (a repeated approval is not a new decision).
     *
     * @throws InputException when the move is not allowed, naming both statuses
     */
    public Optional<ApprovalEvent> nextApproval(ApprovalRequest request, Instant at) {
        if (request.to() == approvalStatus) {
            return Optional.empty();
        }
        if (!approvalStatus.canMoveTo(request.to())) {
            throw new InputException("cannot change approval of model package " + ref() + " from "
                    + approvalStatus + " to " + request.to() + ": a package never goes back to "
                    + ApprovalStatus.PendingManualApproval + "; approve or reject it instead");
        }
        return Optional.of(new ApprovalEvent(
                Optional.of(approvalStatus), request.to(), request.by(), at, request.reason()));
    }

    /** This package after {@code event}: its status and one more history entry. */
    public ModelPackage with(ApprovalEvent event) {
        List<ApprovalEvent> longer = new ArrayList<>(history);
        longer.add(event);
        return new ModelPackage(group, version, arn, event.to(), packageStatus, createdAt, metrics,
                artifacts, sourceCommit, executionId, description, longer);
    }
}
