package dev.mlops.registry;

import java.util.Objects;

/** The package after an approval request, and whether the request changed anything. */
public record ApprovalChange(ModelPackage modelPackage, boolean changed) {
    public ApprovalChange {
        Objects.requireNonNull(modelPackage, "modelPackage");
    }
}
