package dev.mlops.promote;

import dev.mlops.InputException;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.CommitResult;
import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.gitops.HistoryEntry;
import dev.mlops.gitops.Trailers;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.smoke.SmokeRecord;
import dev.mlops.smoke.SmokeResults;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rollback is a promotion backwards. Without a version it goes to the newest earlier version of
 * the environment's own Git history that is still Approved ({@value #PREVIOUS}); a named version is
 * accepted only when the environment served it before ({@value #SERVED_BEFORE}), or when the
 * environment it is promoted from served it and a smoke run of it on that environment's own API
 * passed ({@value #PASSED_IN_SOURCE}). Anything else is refused with the reason unless the request
 * forces it with a reason ({@value #FORCED}), which the commit records. Only Approved versions are
 * ever the target, forced or not: reconcile deploys nothing else.
 */
public final class Rollback {
    public static final String PREVIOUS = "previous";
    public static final String SERVED_BEFORE = "served-before";
    public static final String PASSED_IN_SOURCE = "passed-in-source";
    public static final String FORCED = "forced";
    private static final int HISTORY_DEPTH = 500;
    private final Ports ports;

    public record Ports(DesiredStateStore desired, ModelRegistry registry, SmokeResults smoke) {
    }

    /** Why a rollback is asked for: by a person, or because the registry rejected the version the environment wants. */
    public enum Trigger {
        MANUAL("rollback"), REJECTION("reject-rollback");

        private final String changeKind;

        Trigger(String changeKind) {
            this.changeKind = changeKind;
        }
    }

    /**
     * A rollback of one environment, to a version or (empty) to the previous one, by whom and why;
     * {@code force} overrides the history rule and needs a reason.
     */
    public record Request(String env, Optional<Integer> toVersion, String by, String reason, boolean force, Trigger trigger) {
        public Request {
            reason = reason == null ? "" : reason.strip();
            if (force && toVersion.isEmpty()) {
                throw new InputException("cannot roll back " + env + " with --force: name the version with --to-version V;"
                        + " the previous version needs no override");
            }
            if (force && reason.isEmpty()) {
                throw new InputException("cannot roll back " + env + " with --force: say why with --reason TEXT;"
                        + " the reason is recorded in the commit");
            }
        }

        public static Request manual(String env, Optional<Integer> toVersion, String by, String reason, boolean force) {
            return new Request(env, toVersion, by, reason, force, Trigger.MANUAL);
        }
    }

    public Rollback(Ports ports) {
        this.ports = ports;
    }

    public PromotionResult rollback(Request request) {
        DesiredState state = ports.desired().read(request.env());
        Optional<ModelPackageRef> current = state.spec().modelPackage();
        List<ModelPackageRef> served = servedBefore(request.env(), current);
        Choice choice = request.toVersion().map(v -> named(request, state, current, served, v))
                .orElseGet(() -> previous(request, current, served));
        ModelPackage target = ports.registry().describe(choice.version());
        if (target.approvalStatus() != ApprovalStatus.Approved) {
            throw new InputException("cannot roll back " + request.env() + " to " + choice.version() + ": it is "
                    + target.approvalStatus() + "; only Approved versions are deployed");
        }
        return commit(request, current, target, choice.rule());
    }

    private record Choice(ModelPackageRef version, String rule) {
    }

    /** The versions of the environment's history before its current one, newest first, each once. */
    private List<ModelPackageRef> servedBefore(String env, Optional<ModelPackageRef> current) {
        return ports.desired().history(env, HISTORY_DEPTH).stream().map(HistoryEntry::version).flatMap(Optional::stream)
                .filter(v -> !Optional.of(v).equals(current)).distinct().toList();
    }

    private Choice previous(Request request, Optional<ModelPackageRef> current, List<ModelPackageRef> served) {
        return served.stream().filter(this::approved).findFirst().map(v -> new Choice(v, PREVIOUS))
                .orElseThrow(() -> new ReleaseRefusedException("rollback", request.env(), "", "cannot roll back "
                        + request.env() + current.map(c -> " from " + c).orElse(""), List.of(new Refusal(PREVIOUS,
                        "its desired-state history has no earlier Approved version; name one with --to-version"))));
    }

    private Choice named(Request request, DesiredState state, Optional<ModelPackageRef> current,
                         List<ModelPackageRef> served, int version) {
        String group = current.or(() -> served.stream().findFirst()).map(ModelPackageRef::group).orElseThrow(() ->
                new InputException("cannot roll back " + request.env() + ": it never wanted a model package, so the group"
                        + " is unknown"));
        ModelPackageRef wanted = new ModelPackageRef(group, version);
        if (served.contains(wanted) || Optional.of(wanted).equals(current)) {
            return new Choice(wanted, SERVED_BEFORE);
        }
        Optional<String> source = state.spec().promotion().map(p -> p.from());
        if (source.isPresent() && passedIn(source.get(), wanted)) {
            return new Choice(wanted, PASSED_IN_SOURCE);
        }
        if (request.force()) {
            return new Choice(wanted, FORCED);
        }
        String why = request.env() + " never served it" + source.map(s -> ", and " + s + " has no passing smoke run of it"
                + " on its own API").orElse("") + "; override with --force --reason TEXT (recorded in the commit)";
        throw new ReleaseRefusedException("rollback", request.env(), wanted.toString(), "cannot roll back "
                + request.env() + " to " + wanted, List.of(new Refusal(SERVED_BEFORE, why)));
    }

    /** Whether the source environment served {@code version} and a run on its own API, answered by it, passed. */
    private boolean passedIn(String source, ModelPackageRef version) {
        boolean servedThere = ports.desired().history(source, HISTORY_DEPTH).stream().map(HistoryEntry::version)
                .anyMatch(v -> v.equals(Optional.of(version)));
        return servedThere && ports.smoke().of(source).stream().filter(SmokeRecord::evidence)
                .anyMatch(r -> r.passed() && r.answeredBy(version.toString()));
    }

    private boolean approved(ModelPackageRef version) {
        return ports.registry().find(version).map(p -> p.approvalStatus() == ApprovalStatus.Approved).orElse(false);
    }

    private PromotionResult commit(Request request, Optional<ModelPackageRef> current, ModelPackage target, String rule) {
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put(Trailers.CHANGE_KIND, request.trigger().changeKind);
        trailers.put(Trailers.MODEL_PACKAGE, target.arn());
        current.ifPresent(c -> trailers.put(Trailers.ROLLED_BACK_FROM, c.toString()));
        trailers.put(Trailers.ROLLBACK_RULE, rule);
        if (rule.equals(FORCED)) {
            trailers.put(Trailers.OVERRIDE, request.by() + ": " + request.reason().replaceAll("\\s+", " "));
        }
        String reason = request.reason().isEmpty() ? "roll back to " + target.ref() : request.reason();
        CommitResult commit = ports.desired().change(new ChangeRequest(request.env(), Optional.of(target.ref()),
                request.by(), reason, trailers));
        return new PromotionResult(request.env(), target.ref().toString(), current.map(ModelPackageRef::toString), commit,
                rule, commit.changed() ? request.env() + " now wants " + target.ref() + " (" + rule + ")"
                        : request.env() + " already wanted " + target.ref() + "; nothing changed");
    }
}
