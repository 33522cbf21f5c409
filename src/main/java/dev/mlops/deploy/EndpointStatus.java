package dev.mlops.deploy;

import dev.mlops.InputException;
import java.util.Arrays;
import java.util.stream.Collectors;

/** SageMaker's {@code EndpointStatus}, spelled exactly as the API spells it. */
public enum EndpointStatus {
    OutOfService,
    Creating,
    Updating,
    SystemUpdating,
    RollingBack,
    InService,
    Deleting,
    Failed,
    UpdateRollbackFailed;

    /** Accepts the SageMaker names in any letter case, e.g. {@code inservice}. */
    public static EndpointStatus parse(String text) {
        String trimmed = text == null ? "" : text.trim();
        for (EndpointStatus status : values()) {
            if (status.name().equalsIgnoreCase(trimmed)) {
                return status;
            }
        }
        throw new InputException("cannot parse endpoint status '" + trimmed + "': expected one of "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }

    /** Whether an update or creation is still under way (a waiter keeps waiting). */
    public boolean isTransitional() {
        return this == Creating || this == Updating || this == SystemUpdating || this == RollingBack
                || this == Deleting;
    }
}
