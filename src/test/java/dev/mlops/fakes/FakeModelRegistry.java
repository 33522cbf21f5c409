package dev.mlops.fakes;

import dev.mlops.InputException;
import dev.mlops.deploy.ModelRef;
import dev.mlops.registry.ApprovalChange;
import dev.mlops.registry.ApprovalEvent;
import dev.mlops.registry.ApprovalRequest;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.NewModelPackage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The model registry in memory, with the SQLite registry's contracts: versions 1, 2, 3... per group,
 * a local ARN, the registration as the first history entry, newest version first in {@link #list},
 * a missing package an InputException in {@link #describe} and {@link #updateApproval}, and a
 * request for the status a package already has changing nothing.
 */
public final class FakeModelRegistry implements ModelRegistry {
    private final Clock clock;
    private final Map<String, List<ModelPackage>> groups = new TreeMap<>();
    private final Faults faults = new Faults();

    public FakeModelRegistry(Clock clock) {
        this.clock = clock;
    }

    /** A pending package of {@link Environments#GROUP} with both artifacts an endpoint needs. */
    public static NewModelPackage pending() {
        return NewModelPackage.pending(Environments.GROUP, Map.of("auc", 0.91), Map.of(
                ModelRef.FEATURIZER, "s3://bucket/featurizer.tar.gz", ModelRef.MODEL, "s3://bucket/model.tar.gz"), "ci");
    }

    /** Registers the next version, pending, and approves it by {@code by}; returns its version. */
    public int registerApproved(String by) {
        ModelPackage p = register(pending());
        updateApproval(new ApprovalRequest(p.ref(), ApprovalStatus.Approved, by, "looks good"));
        return p.version();
    }

    /** Registers versions 1..n of {@link Environments#GROUP}, all Approved. */
    public FakeModelRegistry withApprovedVersions(int n) {
        for (int i = 0; i < n; i++) {
            registerApproved("alice");
        }
        return this;
    }

    /** Moves version {@code version} of {@link Environments#GROUP} to {@code to}, by whom and why. */
    public ModelPackage decide(int version, ApprovalStatus to, String by, String reason) {
        return updateApproval(new ApprovalRequest(ref(version), to, by, reason)).modelPackage();
    }

    public static ModelPackageRef ref(int version) {
        return new ModelPackageRef(Environments.GROUP, version);
    }

    /** The next call throws {@code error}, like a registry that failed once. */
    public FakeModelRegistry failNext(RuntimeException error) {
        faults.failNext(error);
        return this;
    }

    @Override
    public ModelPackage register(NewModelPackage p) {
        faults.check();
        List<ModelPackage> packages = groups.computeIfAbsent(p.group(), g -> new ArrayList<>());
        ModelPackageRef ref = new ModelPackageRef(p.group(), packages.size() + 1);
        ApprovalEvent registration = new ApprovalEvent(Optional.empty(), p.initialStatus(), p.registeredBy(),
                clock.instant(), "registered");
        ModelPackage created = new ModelPackage(ref.group(), ref.version(), ModelPackage.localArn(ref), p.initialStatus(),
                ModelPackage.COMPLETED, clock.instant(), p.metrics(), p.artifacts(), p.sourceCommit(), p.executionId(),
                p.description(), List.of(registration));
        packages.add(created);
        return created;
    }

    @Override
    public List<ModelPackage> list(String group) {
        faults.check();
        ModelPackageRef.requireValidGroup(group, "list model packages of group " + group);
        return groups.getOrDefault(group, List.of()).stream()
                .sorted(Comparator.comparingInt(ModelPackage::version).reversed()).toList();
    }

    @Override
    public Optional<ModelPackage> find(ModelPackageRef ref) {
        faults.check();
        List<ModelPackage> packages = groups.getOrDefault(ref.group(), List.of());
        return ref.version() <= packages.size() ? Optional.of(packages.get(ref.version() - 1)) : Optional.empty();
    }

    @Override
    public ModelPackage describe(ModelPackageRef ref) {
        return find(ref).orElseThrow(() -> missing("describe model package " + ref, ref));
    }

    @Override
    public ApprovalChange updateApproval(ApprovalRequest request) {
        ModelPackageRef ref = request.ref();
        ModelPackage current = find(ref).orElseThrow(() -> missing("change approval of model package " + ref, ref));
        Optional<ApprovalEvent> event = current.nextApproval(request, clock.instant());
        if (event.isEmpty()) {
            return new ApprovalChange(current, false);
        }
        ModelPackage changed = current.with(event.get());
        groups.get(ref.group()).set(ref.version() - 1, changed);
        return new ApprovalChange(changed, true);
    }

    @Override
    public List<String> groups() {
        faults.check();
        return List.copyOf(groups.keySet());
    }

    @Override
    public void close() {
    }

    private InputException missing(String action, ModelPackageRef ref) {
        int latest = groups.getOrDefault(ref.group(), List.of()).size();
        return new InputException("cannot " + action + ": " + (latest == 0 ? "group " + ref.group() + " has no versions"
                : "group " + ref.group() + " has versions 1-" + latest));
    }
}
