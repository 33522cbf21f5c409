package dev.mlops.promote;

import dev.mlops.InputException;
import dev.mlops.WorkFailedException;
import dev.mlops.deploy.EnvironmentStatus;
import dev.mlops.deploy.StatusStore;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.CommitResult;
import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.smoke.SmokeRecord;
import dev.mlops.smoke.SmokeResults;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Promotes the exact version an environment serves to the next one, only with evidence: the
 * source is Synced and Healthy on that version, the version is Approved, the last smoke run of
 * that version there passed, and the approver is named when the target requires one. Refusals
 * list every condition that failed.
 */
public final class Promotion {
    private final DesiredStateStore store;
    private final ModelRegistry registry;
    private final StatusStore statuses;
    private final SmokeResults smoke;

    public Promotion(DesiredStateStore store, ModelRegistry registry, StatusStore statuses, SmokeResults smoke) {
        this.store = store;
        this.registry = registry;
        this.statuses = statuses;
        this.smoke = smoke;
    }

    /** A promotion: from which environment to which, and who approves it. */
    public record Request(String from, String to, Optional<String> approvedBy) {
    }

    public PromotionResult promote(Request request) {
        DesiredState source = store.read(request.from());
        DesiredState target = store.read(request.to());
        ModelPackageRef version = source.spec().modelPackage().orElseThrow(() -> new WorkFailedException("cannot promote "
                + request.from() + " to " + request.to() + ": " + request.from() + " wants no model package"));
        checkRoute(request, target);
        List<String> failed = new ArrayList<>();
        EnvironmentStatus status = statuses.load(request.from()).orElse(null);
        if (status == null) {
            failed.add(request.from() + " has never been reconciled (run: mlops reconcile --env " + request.from() + ")");
        } else if (!status.syncedAndHealthy() || !status.liveVersion().equals(Optional.of(version.toString()))) {
            failed.add(request.from() + " is " + status.sync() + "/" + status.health() + " serving "
                    + status.liveVersion().orElse("nothing") + " (wants " + version + "): " + status.message());
        }
        ModelPackage modelPackage = registry.describe(version);
        if (modelPackage.approvalStatus() != ApprovalStatus.Approved) {
            failed.add(version + " is " + modelPackage.approvalStatus() + ", not Approved");
        }
        Optional<SmokeRecord> evidence = smoke.lastFor(request.from(), version.toString());
        if (evidence.isEmpty()) {
            failed.add("no smoke run of " + version + " in " + request.from() + " (run: mlops smoke --env " + request.from() + ")");
        } else if (!evidence.get().passed()) {
            failed.add("the last smoke run of " + version + " in " + request.from() + " failed (" + evidence.get().failures()
                    + " of " + evidence.get().tests() + " cases, " + evidence.get().reportPath() + ")");
        }
        boolean needsApprover = target.spec().promotion().map(p -> p.requiresApprover()).orElse(false);
        if (needsApprover && request.approvedBy().filter(a -> !a.isBlank()).isEmpty()) {
            failed.add(request.to() + " requires a named approver (--approved-by NAME)");
        }
        if (!failed.isEmpty()) {
            throw new WorkFailedException("cannot promote " + version + " from " + request.from() + " to " + request.to()
                    + ": " + String.join("; ", failed));
        }
        SmokeRecord passed = evidence.orElseThrow();
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put("Change-Kind", "promote");
        trailers.put("Model-Package", modelPackage.arn());
        trailers.put("Promoted-From", request.from() + "@" + source.commit());
        trailers.put("Smoke-Result", "passed " + passed.tests() + "/" + passed.tests() + " at " + passed.at());
        request.approvedBy().filter(a -> !a.isBlank()).ifPresent(a -> trailers.put("Approved-By", a));
        String author = request.approvedBy().filter(a -> !a.isBlank()).orElse(System.getProperty("user.name", "mlops"));
        CommitResult commit = store.change(new ChangeRequest(request.to(), Optional.of(version), author,
                "promote " + version + " from " + request.from() + " after a passing smoke run", trailers));
        return new PromotionResult(request.to(), version.toString(), commit, commit.changed()
                ? request.to() + " now wants " + version : request.to() + " already wanted " + version + "; nothing changed");
    }

    private static void checkRoute(Request request, DesiredState target) {
        target.spec().promotion().map(p -> p.from()).filter(from -> !from.equals(request.from())).ifPresent(from -> {
            throw new InputException("cannot promote " + request.from() + " to " + request.to() + ": " + request.to()
                    + " takes versions only from " + from + " (" + target.spec().file() + ")");
        });
    }
}
