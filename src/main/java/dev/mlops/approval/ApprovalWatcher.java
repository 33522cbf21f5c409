package dev.mlops.approval;

import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.CommitResult;
import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.gitops.Trailers;
import dev.mlops.promote.PromotionResult;
import dev.mlops.promote.ReleaseRefusedException;
import dev.mlops.promote.Rollback;
import dev.mlops.registry.ApprovalEvent;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.smoke.SmokeResults;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns approval decisions into desired state. A newly Approved package newer than what the
 * approval environment (staging) wants becomes its version (one commit, with the approver and the
 * reason). A newly Rejected package rolls back every environment that wants it, prod included, by
 * the rollback rules (to the newest earlier Approved version of that environment's history), as
 * AWS's SageMaker Projects template does. The cursor is saved after the commits and a repeated pass
 * finds them made, so every status change takes effect exactly once, across restarts.
 */
public final class ApprovalWatcher {
    private final Ports ports;
    private final String env;

    public record Ports(ModelRegistry registry, DesiredStateStore desired, WatchCursor cursor, SmokeResults smoke) {
    }

    /** @param env the environment approvals deploy to (staging) */
    public ApprovalWatcher(Ports ports, String env) {
        this.ports = ports;
        this.env = env;
    }

    public WatchResult poll(String group) {
        List<ModelPackage> packages = ports.registry().list(group);
        Map<Integer, ApprovalStatus> seen = ports.cursor().load(group);
        List<ModelPackage> changed = packages.stream().filter(p -> seen.get(p.version()) != p.approvalStatus())
                .sorted(Comparator.comparingInt(ModelPackage::version)).toList();
        Optional<ModelPackageRef> current = wanted(ports.desired().read(env), group);
        Optional<ModelPackage> approved = changed.stream().filter(p -> p.approvalStatus() == ApprovalStatus.Approved)
                .filter(p -> p.version() > current.map(ModelPackageRef::version).orElse(0))
                .max(Comparator.comparingInt(ModelPackage::version));
        Optional<CommitResult> commit = approved.map(p -> ports.desired().change(approval(p)));
        List<PromotionResult> rollbacks = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        changed.stream().filter(p -> p.approvalStatus() == ApprovalStatus.Rejected)
                .forEach(rejected -> rollBackEverywhere(rejected, rollbacks, notes));
        Map<Integer, ApprovalStatus> now = new LinkedHashMap<>();
        packages.forEach(p -> now.put(p.version(), p.approvalStatus()));
        ports.cursor().save(group, now);
        Optional<String> desired = wanted(ports.desired().read(env), group).map(ModelPackageRef::toString);
        List<String> changes = changed.stream().map(p -> p.ref() + " " + p.approvalStatus()).toList();
        return new WatchResult(group, env, changes, desired, commit, rollbacks, notes,
                message(group, changes, approved, rollbacks, desired));
    }

    private static Optional<ModelPackageRef> wanted(DesiredState state, String group) {
        return state.spec().modelPackage().filter(r -> r.group().equals(group));
    }

    /** Rolls back each environment that wants the rejected version; one that cannot be is noted, not failed. */
    private void rollBackEverywhere(ModelPackage rejected, List<PromotionResult> rollbacks, List<String> notes) {
        Optional<ApprovalEvent> decision = last(rejected, ApprovalStatus.Rejected);
        String by = decision.map(ApprovalEvent::by).filter(b -> !b.isBlank()).orElse("mlops");
        String why = rejected.ref() + " was rejected by " + by
                + decision.map(ApprovalEvent::reason).filter(r -> !r.isBlank()).map(r -> ": " + r).orElse("");
        for (String environment : ports.desired().environments()) {
            if (!wanted(ports.desired().read(environment), rejected.group()).equals(Optional.of(rejected.ref()))) {
                continue;
            }
            try {
                rollbacks.add(new Rollback(new Rollback.Ports(ports.desired(), ports.registry(), ports.smoke()))
                        .rollback(new Rollback.Request(environment, Optional.empty(), by, why, false,
                                Rollback.Trigger.REJECTION)));
            } catch (ReleaseRefusedException e) {
                notes.add(environment + " wants " + rejected.ref() + ", which was rejected, but cannot roll back: "
                        + e.getMessage() + "; it keeps wanting it and reconcile refuses to deploy it");
            }
        }
    }

    private ChangeRequest approval(ModelPackage target) {
        Optional<ApprovalEvent> decision = last(target, ApprovalStatus.Approved);
        String approver = decision.map(ApprovalEvent::by).filter(b -> !b.isBlank()).orElse("unknown");
        Optional<String> reason = decision.map(ApprovalEvent::reason).filter(r -> !r.isBlank());
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put(Trailers.CHANGE_KIND, "approve");
        trailers.put(Trailers.MODEL_PACKAGE, target.arn());
        trailers.put(Trailers.APPROVED_BY, approver);
        reason.ifPresent(r -> trailers.put(Trailers.APPROVAL_REASON, r.replaceAll("\\s+", " ")));
        target.executionId().ifPresent(id -> trailers.put(Trailers.SOURCE_EXECUTION, id));
        target.sourceCommit().ifPresent(c -> trailers.put(Trailers.SOURCE_COMMIT, c));
        return new ChangeRequest(env, Optional.of(target.ref()), approver.equals("unknown") ? "mlops" : approver,
                target.ref() + " was approved by " + approver + reason.map(r -> ": " + r).orElse(""), trailers);
    }

    private static Optional<ApprovalEvent> last(ModelPackage modelPackage, ApprovalStatus status) {
        return modelPackage.history().stream().filter(e -> e.to() == status).reduce((first, second) -> second);
    }

    private String message(String group, List<String> changes, Optional<ModelPackage> approved,
                           List<PromotionResult> rollbacks, Optional<String> desired) {
        List<String> parts = new ArrayList<>();
        approved.ifPresent(p -> parts.add(env + " now wants " + p.ref()));
        rollbacks.stream().filter(r -> r.commit().changed())
                .forEach(r -> parts.add(r.env() + " rolled back to " + r.version()));
        if (!parts.isEmpty()) {
            return String.join("; ", parts);
        }
        return changes.isEmpty() ? "no approval changes in " + group
                : "no change for " + env + " (it wants " + desired.orElse("nothing") + ")";
    }
}
