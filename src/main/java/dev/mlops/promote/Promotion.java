package dev.mlops.promote;

import dev.mlops.InputException;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.deploy.EnvironmentObserver.Observation;
import dev.mlops.deploy.EnvironmentObserver;
import dev.mlops.deploy.EnvironmentState;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.CommitResult;
import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.gitops.Trailers;
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
 * Promotes the exact version an environment serves to the next one, only with evidence, checked
 * now and not remembered: the source is Synced and Healthy on that version (computed from Git and
 * the endpoint), the version is Approved, the last smoke run that counts as evidence — against the
 * source's own API, with its own suite — passed and was answered by that version's config, and the
 * approver is named when the target requires one. Refusals name every rule that failed.
 */
public final class Promotion {
    private final Ports ports;

    public record Ports(DesiredStateStore desired, ModelRegistry registry, EndpointDeployer endpoints, SmokeResults smoke) {
    }

    /** A promotion: from which environment to which, who approves it and who asks (the commit's author). */
    public record Request(String from, String to, Optional<String> approvedBy, String by) {
        public Request {
            approvedBy = approvedBy.map(String::strip).filter(a -> !a.isEmpty());
        }
    }

    public Promotion(Ports ports) {
        this.ports = ports;
    }

    public PromotionResult promote(Request request) {
        DesiredState source = ports.desired().read(request.from());
        DesiredState target = ports.desired().read(request.to());
        checkRoute(request, target);
        ModelPackageRef version = source.spec().modelPackage().orElseThrow(() -> new ReleaseRefusedException("promote",
                request.to(), "", "cannot promote " + request.from() + " to " + request.to(), List.of(new Refusal(
                        "source-wants-version", request.from() + " wants no model package"))));
        Observation seen = new EnvironmentObserver(new EnvironmentObserver.Ports(ports.desired(), ports.registry(),
                ports.endpoints(), ports.smoke().verdicts())).observe(source);
        List<Refusal> refusals = new ArrayList<>();
        checkServing(request.from(), version, seen.state(), refusals);
        Optional<ModelPackage> modelPackage = ports.registry().find(version);
        if (modelPackage.map(p -> p.approvalStatus() != ApprovalStatus.Approved).orElse(true)) {
            refusals.add(new Refusal("approved", version + " is " + modelPackage.map(p -> p.approvalStatus().name())
                    .orElse("not in the registry") + ", not Approved"));
        }
        Optional<SmokeRecord> evidence = ports.smoke().lastEvidence(request.from());
        checkEvidence(seen, version, evidence, refusals);
        boolean needsApprover = target.spec().promotion().map(p -> p.requiresApprover()).orElse(false);
        if (needsApprover && request.approvedBy().isEmpty()) {
            refusals.add(new Refusal("approver", request.to() + " requires a named approver (--approved-by NAME)"));
        }
        if (!refusals.isEmpty()) {
            throw new ReleaseRefusedException("promote", request.to(), version.toString(), "cannot promote " + version
                    + " from " + request.from() + " to " + request.to(), refusals);
        }
        return commit(request, source, target, modelPackage.orElseThrow(), evidence.orElseThrow());
    }

    private static void checkServing(String from, ModelPackageRef version, EnvironmentState state, List<Refusal> refusals) {
        if (!state.syncedAndHealthy() || !state.live().version().equals(Optional.of(version.toString()))) {
            refusals.add(new Refusal("source-serves-version", from + " is " + state.sync() + "/" + state.health()
                    + " serving " + state.live().version().orElse("nothing") + " (wants " + version + "): "
                    + state.message()));
        }
    }

    /** The evidence rules: the source's own API, answered by this version's config, and passed. */
    private static void checkEvidence(Observation seen, ModelPackageRef version, Optional<SmokeRecord> evidence,
                                      List<Refusal> refusals) {
        String from = seen.target().env();
        if (evidence.isEmpty()) {
            refusals.add(new Refusal("evidence-exists", "no smoke run of " + from + "'s own API with its own suite"
                    + " (run: mlops smoke --env " + from + "; runs with --url or --suite elsewhere are not evidence)"));
            return;
        }
        SmokeRecord run = evidence.get();
        if (!run.answeredBy(version.toString())) {
            refusals.add(new Refusal("evidence-version", "the last smoke run of " + from + "'s API (" + run.at() + ") was"
                    + " answered by " + answerers(run) + ", not by " + version + " (run: mlops smoke --env " + from + ")"));
            return;
        }
        Optional<String> endpoint = run.answeredBy().endpoint();
        if (endpoint.isPresent() && !endpoint.get().equals(seen.target().endpoint())) {
            refusals.add(new Refusal("evidence-endpoint", "the last smoke run of " + from + "'s API was answered by endpoint "
                    + endpoint.get() + ", not by " + from + "'s endpoint " + seen.target().endpoint()));
        }
        Optional<String> variant = seen.target().config().map(EndpointConfig::variantName);
        if (!run.answeredBy().variant().equals(variant)) {
            refusals.add(new Refusal("evidence-config", "the last smoke run of " + from + "'s API was answered by variant "
                    + run.answeredBy().variant().orElse("(none)") + ", but " + version + " in " + from + " is variant "
                    + variant.orElse("(none)") + " now: its config changed since (run: mlops smoke --env " + from + ")"));
        }
        if (!run.passed()) {
            refusals.add(new Refusal("evidence-passed", "the last smoke run of " + version + " in " + from + " "
                    + run.summary() + " cases (" + run.reportPath() + ")"));
        }
    }

    private static String answerers(SmokeRecord run) {
        List<String> variants = run.answeredBy().variants();
        return run.answeredBy().version().or(() -> variants.isEmpty() ? Optional.of("no version it could name")
                : Optional.of("variants " + String.join(", ", variants))).orElseThrow();
    }

    private PromotionResult commit(Request request, DesiredState source, DesiredState target, ModelPackage modelPackage,
                                   SmokeRecord evidence) {
        ModelPackageRef version = modelPackage.ref();
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put(Trailers.CHANGE_KIND, "promote");
        trailers.put(Trailers.MODEL_PACKAGE, modelPackage.arn());
        trailers.put(Trailers.PROMOTED_FROM, request.from() + "@" + source.commit());
        trailers.put(Trailers.SMOKE_RESULT, evidence.summary() + " at " + evidence.at());
        trailers.put(Trailers.SMOKE_URL, evidence.called().url());
        evidence.answeredBy().variant().ifPresent(v -> trailers.put(Trailers.SMOKE_VARIANT, v));
        evidence.answeredBy().endpointConfig().ifPresent(c -> trailers.put(Trailers.SMOKE_ENDPOINT_CONFIG, c));
        request.approvedBy().ifPresent(a -> trailers.put(Trailers.APPROVED_BY, a));
        Optional<String> previous = target.spec().modelPackage().map(ModelPackageRef::toString);
        CommitResult commit = ports.desired().change(new ChangeRequest(request.to(), Optional.of(version),
                request.approvedBy().orElse(request.by()), "promote " + version + " from " + request.from()
                        + " after a passing smoke run of its API", trailers));
        return new PromotionResult(request.to(), version.toString(), previous, commit, "promote", commit.changed()
                ? request.to() + " now wants " + version : request.to() + " already wanted " + version + "; nothing changed");
    }

    private static void checkRoute(Request request, DesiredState target) {
        target.spec().promotion().map(p -> p.from()).filter(from -> !from.equals(request.from())).ifPresent(from -> {
            throw new InputException("cannot promote " + request.from() + " to " + request.to() + ": " + request.to()
                    + " takes versions only from " + from + " (" + target.spec().file() + ")");
        });
    }
}
