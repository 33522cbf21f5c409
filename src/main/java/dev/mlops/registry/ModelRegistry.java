package dev.mlops.registry;

import java.util.List;
import java.util.Optional;

/**
 * The model registry port, shaped like SageMaker's: groups of numbered model packages, each with
 * an approval status whose every change is kept in its history.
 */
public interface ModelRegistry extends AutoCloseable {

    /**
     * Registers a new version in {@code p.group()}, creating the group when missing. Versions are
     * 1, 2, 3... per group and never reused, even by concurrent callers in other processes.
     */
    ModelPackage register(NewModelPackage p);

    /** The group's packages, newest version first (SageMaker's default CreationTime descending); empty for an unknown group. */
    List<ModelPackage> list(String group);

    Optional<ModelPackage> find(ModelPackageRef ref);

    /** Like {@link #find} but a missing package is an InputException naming the group's versions. */
    ModelPackage describe(ModelPackageRef ref);

    /**
     * Moves a package to {@code request.to()} and records who, when and why. Asking for the status it
     * already has changes nothing ({@code changed=false}, no history entry); an illegal move or a
     * missing package is an InputException.
     */
    ApprovalChange updateApproval(ApprovalRequest request);

    /** Every group name, alphabetically. */
    List<String> groups();

    @Override
    void close();
}
