package dev.mlops.promote;

import dev.mlops.InputException;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.CommitResult;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.gitops.HistoryEntry;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Commits an environment back to its previous desired version (from the desired-state history) or
 * to a named one; only an Approved version may be the target.
 */
public final class Rollback {
    private static final int HISTORY_DEPTH = 200;
    private final DesiredStateStore store;
    private final ModelRegistry registry;

    public Rollback(DesiredStateStore store, ModelRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    /** A rollback of one environment, to a version or (empty) to the previous one, by whom and why. */
    public record Request(String env, Optional<Integer> toVersion, String by, String reason) {
    }

    public PromotionResult rollback(Request request) {
        Optional<ModelPackageRef> current = store.read(request.env()).spec().modelPackage();
        ModelPackageRef target = request.toVersion()
                .map(v -> new ModelPackageRef(current.map(ModelPackageRef::group).orElseThrow(() -> new InputException(
                        "cannot roll back " + request.env() + ": it wants no model package, so the group is unknown")), v))
                .orElseGet(() -> previous(request.env(), current));
        ModelPackage modelPackage = registry.describe(target);
        if (modelPackage.approvalStatus() != ApprovalStatus.Approved) {
            throw new InputException("cannot roll back " + request.env() + " to " + target + ": it is "
                    + modelPackage.approvalStatus() + "; only Approved versions are deployed");
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Change-Kind", "rollback");
        trailers.put("Model-Package", modelPackage.arn());
        current.ifPresent(c -> trailers.put("Rolled-Back-From", c.toString()));
        CommitResult commit = store.change(new ChangeRequest(request.env(), Optional.of(target), request.by(),
                request.reason().isBlank() ? "roll back to " + target : request.reason(), trailers));
        return new PromotionResult(request.env(), target.toString(), commit, commit.changed()
                ? request.env() + " now wants " + target : request.env() + " already wanted " + target + "; nothing changed");
    }

    /** The newest version in the history that differs from the current one and is still Approved. */
    private ModelPackageRef previous(String env, Optional<ModelPackageRef> current) {
        return store.history(env, HISTORY_DEPTH).stream().map(HistoryEntry::version).flatMap(Optional::stream)
                .filter(v -> !Optional.of(v).equals(current))
                .filter(v -> registry.find(v).map(p -> p.approvalStatus() == ApprovalStatus.Approved).orElse(false))
                .findFirst()
                .orElseThrow(() -> new InputException("cannot roll back " + env + ": its desired-state history has no"
                        + " earlier Approved version; name one with --to-version"));
    }
}
