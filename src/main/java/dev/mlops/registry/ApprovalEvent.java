package dev.mlops.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of a package's approval history: who moved it, when, why. The registration is the
 * first entry and has no {@code from}.
 */
public record ApprovalEvent(Optional<ApprovalStatus> from, ApprovalStatus to, String by, Instant at, String reason) {
    public ApprovalEvent {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether this entry records the registration rather than a later decision. */
    public boolean isRegistration() {
        return from.isEmpty();
    }
}
