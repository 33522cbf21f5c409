package dev.mlops.gitops;

import dev.mlops.registry.ApprovalEvent;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelRegistry;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns approval decisions into staging's desired state. A newly Approved package newer than what
 * staging wants becomes staging's version (one commit); a Rejected package that staging wants
 * sends staging back to the newest Approved version left, as the SageMaker Projects template's
 * "latest approved" rule does. The cursor is saved after the commit and a repeated pass finds the
 * commit already made, so every status change takes effect exactly once, across restarts.
 */
public final class ApprovalWatcher {
    private final ModelRegistry registry;
    private final DesiredStateStore store;
    private final WatchCursor cursor;
    private final String env;

    public ApprovalWatcher(ModelRegistry registry, DesiredStateStore store, WatchCursor cursor, String env) {
        this.registry = registry;
        this.store = store;
        this.cursor = cursor;
        this.env = env;
    }

    public WatchResult poll(String group) {
        List<ModelPackage> packages = registry.list(group);
        Map<Integer, ApprovalStatus> seen = cursor.load(group);
        List<ModelPackage> changed = packages.stream().filter(p -> seen.get(p.version()) != p.approvalStatus())
                .sorted(Comparator.comparingInt(ModelPackage::version)).toList();
        List<String> changes = changed.stream().map(p -> p.ref() + " " + p.approvalStatus()).toList();
        DesiredState staging = store.read(env);
        Optional<ModelPackageRef> current = staging.spec().modelPackage().filter(r -> r.group().equals(group));
        Optional<ModelPackage> target = target(changed, packages, current);
        Optional<CommitResult> commit = target.map(p -> store.change(request(p, current)));
        Map<Integer, ApprovalStatus> now = new LinkedHashMap<>();
        packages.forEach(p -> now.put(p.version(), p.approvalStatus()));
        cursor.save(group, now);
        Optional<String> wanted = target.map(p -> p.ref().toString()).or(() -> current.map(ModelPackageRef::toString));
        String message = target.map(p -> env + " now wants " + p.ref()).orElse(changes.isEmpty()
                ? "no approval changes in " + group : "no change for " + env + " (it wants " + wanted.orElse("nothing") + ")");
        return new WatchResult(group, changes, wanted, commit, message);
    }

    /** The package staging should move to because of these changes, if any. */
    private static Optional<ModelPackage> target(List<ModelPackage> changed, List<ModelPackage> all,
                                                 Optional<ModelPackageRef> current) {
        int currentVersion = current.map(ModelPackageRef::version).orElse(0);
        boolean currentRejected = current.isPresent() && changed.stream()
                .anyMatch(p -> p.version() == currentVersion && p.approvalStatus() == ApprovalStatus.Rejected);
        if (currentRejected) {
            return all.stream().filter(p -> p.approvalStatus() == ApprovalStatus.Approved)
                    .max(Comparator.comparingInt(ModelPackage::version));
        }
        return changed.stream().filter(p -> p.approvalStatus() == ApprovalStatus.Approved && p.version() > currentVersion)
                .max(Comparator.comparingInt(ModelPackage::version));
    }

    private ChangeRequest request(ModelPackage target, Optional<ModelPackageRef> current) {
        boolean rollback = current.isPresent() && target.version() < current.get().version();
        Optional<ApprovalEvent> decision = target.history().stream().filter(e -> e.to() == ApprovalStatus.Approved)
                .reduce((first, second) -> second);
        String approver = decision.map(ApprovalEvent::by).orElse("unknown");
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Change-Kind", rollback ? "reject-rollback" : "approve");
        trailers.put("Model-Package", target.arn());
        trailers.put("Approved-By", approver);
        target.executionId().ifPresent(id -> trailers.put("Source-Execution", id));
        target.sourceCommit().ifPresent(c -> trailers.put("Source-Commit", c));
        String reason = rollback ? current.get() + " was rejected; back to the newest approved version " + target.ref()
                : target.ref() + " was approved by " + approver
                        + decision.map(ApprovalEvent::reason).filter(r -> !r.isBlank()).map(r -> ": " + r).orElse("");
        return new ChangeRequest(env, Optional.of(target.ref()), approver.isBlank() ? "mlops" : approver, reason, trailers);
    }
}
