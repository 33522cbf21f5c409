package dev.mlops.registry;

import dev.mlops.InputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** SageMaker's {@code ModelApprovalStatus}, spelled exactly as the API spells it. */
public enum ApprovalStatus {
    PendingManualApproval,
    Approved,
    Rejected;

    /** Accepts the SageMaker names in any letter case, e.g. {@code approved}. */
    public static ApprovalStatus parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        for (ApprovalStatus status : values()) {
            if (status.name().equalsIgnoreCase(trimmed)) {
                return status;
            }
        }
        throw new InputException("cannot parse approval status '" + trimmed + "': expected one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /**
     * Whether a package in this status may be moved to {@code to}. A decision can always be
     * revised (approve a rejected package, reject an approved one), but nothing goes back to
     * pending: "waiting for a human" after a human decided would hide that decision.
     */
    public boolean canMoveTo(ApprovalStatus to) {
        return to == Approved || to == Rejected;
    }
}
