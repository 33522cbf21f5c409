package dev.mlops.registry;

import dev.mlops.InputException;
import java.util.Objects;

/** A human's decision about one package: approve or reject it, who decides and why. */
public record ApprovalRequest(ModelPackageRef ref, ApprovalStatus to, String by, String reason) {
    public ApprovalRequest {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(to, "to");
        // The reason may be empty (the CLI's --reason is optional), the decider may not: audits need a name.
        Objects.requireNonNull(reason, "reason");
        if (by == null || by.isBlank()) {
            throw new InputException("cannot change approval of model package " + ref
                    + ": the request must name who decides");
        }
    }
}
