package dev.mlops.deploy;

import dev.mlops.Sleeper;
import dev.mlops.WorkFailedException;
import dev.mlops.deploy.EnvironmentStatus.Condition;
import dev.mlops.deploy.EnvironmentStatus.Health;
import dev.mlops.deploy.EnvironmentStatus.Sync;
import dev.mlops.deploy.ReconcileResult.Outcome;
import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reconciles one environment in Flux's shape: read the desired state (Git), read the live
 * endpoint, act only on a difference, wait until the endpoint serves the requested config (not
 * merely InService: a rolled-back update is InService on the old config), and record the status
 * on every exit. Running it again when nothing changed changes nothing.
 */
public final class Reconciler {
    private final DesiredStateStore desiredStore;
    private final ModelRegistry registry;
    private final EndpointDeployer endpoints;
    private final StatusStore statuses;
    private final Clock clock;
    private final Sleeper sleeper;

    public record Ports(DesiredStateStore desired, ModelRegistry registry, EndpointDeployer endpoints, StatusStore statuses) {
    }

    public Reconciler(Ports ports, Clock clock, Sleeper sleeper) {
        this.desiredStore = ports.desired();
        this.registry = ports.registry();
        this.endpoints = ports.endpoints();
        this.statuses = ports.statuses();
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public ReconcileResult reconcile(ReconcileRequest request) {
        DesiredState desired = desiredStore.read(request.env());
        Observation seen = new Observation(desired, statuses.load(request.env()), clock.instant());
        Optional<EndpointDescription> live = endpoints.describe(seen.endpoint());
        Optional<ModelPackageRef> wanted = desired.spec().modelPackage();
        if (wanted.isEmpty()) {
            boolean none = live.isEmpty();
            return seen.finish(none ? Sync.Synced : Sync.OutOfSync, none ? Health.Missing : Health.Healthy, live,
                    none ? "NothingDesired" : "DeletionNotSupported", none ? "no model package is desired yet"
                            : "the desired state names no model package; the endpoint keeps serving (delete it by hand)",
                    Outcome.READY, false);
        }
        Optional<ModelPackage> found = registry.find(wanted.get());
        if (found.isEmpty() || found.get().approvalStatus() != ApprovalStatus.Approved) {
            String why = found.isEmpty() ? "it is not in the registry"
                    : "it is " + found.get().approvalStatus() + "; only Approved packages are deployed";
            return seen.finish(Sync.OutOfSync, live.isPresent() ? Health.Degraded : Health.Missing, live,
                    found.isEmpty() ? "DesiredVersionMissing" : "NotApproved",
                    "cannot deploy " + wanted.get() + " to " + request.env() + ": " + why, Outcome.FAILED, false);
        }
        EndpointConfig config = EndpointConfigs.of(desired.spec(), found.get());
        if (live.isPresent() && live.get().serves(config.configName())) {
            return seen.ready(live, config, false);
        }
        boolean requested = live.flatMap(EndpointDescription::requestedConfigName).filter(config.configName()::equals).isPresent();
        boolean retry = requested && live.get().gaveUp(config.configName());
        if (!requested || retry) {
            endpoints.apply(config);
            statuses.save(seen.status(Sync.OutOfSync, Health.Progressing, live, "Progressing",
                    "deploying " + wanted.get() + " to endpoint " + seen.endpoint() + " (config " + config.configName() + ")"));
        }
        return await(seen, config, request, !requested || retry);
    }

    private ReconcileResult await(Observation seen, EndpointConfig config, ReconcileRequest request, boolean acted) {
        Instant deadline = clock.instant().plus(request.timeout());
        Instant appliedAt = clock.instant();
        Optional<EndpointDescription> live = Optional.empty();
        while (true) {
            live = endpoints.describe(seen.endpoint());
            if (live.isPresent() && live.get().serves(config.configName())) {
                return seen.ready(live, config, acted);
            }
            boolean fresh = !acted || live.map(d -> !d.lastModified().isBefore(appliedAt)).orElse(false);
            if (live.isPresent() && fresh && live.get().gaveUp(config.configName())) {
                return seen.finish(Sync.OutOfSync, Health.Degraded, live, "DeploymentFailed", "the deployment of "
                        + config.model() + " did not take: " + live.get().failureReason().orElse(live.get().status().name())
                        + (live.get().liveVersion().isPresent() ? "; version " + live.get().liveVersion().get()
                        + " keeps serving" : ""), Outcome.FAILED, acted);
            }
            if (!clock.instant().isBefore(deadline)) {
                return seen.finish(Sync.OutOfSync, Health.Progressing, live, "WaitTimedOut", "endpoint " + seen.endpoint()
                        + " does not serve " + config.model() + " yet (status " + live.map(d -> d.status().name())
                        .orElse("none") + "); the deployment goes on: run reconcile again to follow it", Outcome.NOT_CONVERGED, acted);
            }
            try {
                sleeper.sleep(request.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WorkFailedException("cannot wait for endpoint " + seen.endpoint() + ": interrupted");
            }
        }
    }

    /** The facts of one reconcile that every exit records. */
    private final class Observation {
        private final DesiredState desired;
        private final Optional<EnvironmentStatus> previous;
        private final Instant startedAt;

        Observation(DesiredState desired, Optional<EnvironmentStatus> previous, Instant startedAt) {
            this.desired = desired;
            this.previous = previous;
            this.startedAt = startedAt;
        }

        String endpoint() {
            return desired.spec().endpoint().name();
        }

        ReconcileResult ready(Optional<EndpointDescription> live, EndpointConfig config, boolean acted) {
            String message = "endpoint " + endpoint() + " serves " + config.model() + " (config " + config.configName() + ")";
            return finish(Sync.Synced, Health.Healthy, live, "ReconciliationSucceeded", message, Outcome.READY, acted);
        }

        ReconcileResult finish(Sync sync, Health health, Optional<EndpointDescription> live, String reason, String message,
                               Outcome outcome, boolean acted) {
            EnvironmentStatus status = status(sync, health, live, reason, message);
            if (sync == Sync.Synced) {
                // "Applied" advances only on success; "attempted" on every pass (Flux keeps the two apart).
                status = new EnvironmentStatus(status.env(), sync, health, status.desiredCommit(), status.desiredVersion(),
                        status.liveVersion(), status.lastAttemptedRevision(), Optional.of(desired.commit()),
                        status.endpointName(), status.conditions(), status.updatedAt());
            }
            statuses.save(status);
            return new ReconcileResult(status, acted, outcome);
        }

        EnvironmentStatus status(Sync sync, Health health, Optional<EndpointDescription> live, String reason,
                                 String message) {
            Instant now = clock.instant();
            List<Condition> conditions = new ArrayList<>();
            boolean ready = sync == Sync.Synced;
            conditions.add(new Condition("Ready", ready, reason, message, transition("Ready", ready, now)));
            boolean reconciling = health == Health.Progressing;
            conditions.add(new Condition("Reconciling", reconciling, reconciling ? "Progressing" : reason,
                    reconciling ? message : "", transition("Reconciling", reconciling, now)));
            boolean stalled = List.of("NotApproved", "DesiredVersionMissing", "DeploymentFailed").contains(reason);
            conditions.add(new Condition("Stalled", stalled, stalled ? reason : "", stalled ? message : "",
                    transition("Stalled", stalled, now)));
            String group = desired.spec().modelPackage().map(ModelPackageRef::group).orElse("");
            Optional<String> liveVersion = live.flatMap(EndpointDescription::liveVersion).map(v -> group + "/" + v);
            return new EnvironmentStatus(desired.env(), sync, health, Optional.of(desired.commit()),
                    desired.spec().modelPackage().map(ModelPackageRef::toString), liveVersion, Optional.of(desired.commit()),
                    previous.flatMap(EnvironmentStatus::lastAppliedRevision), endpoint(), conditions, now);
        }

        /** Keeps a condition's transition time while its status stays the same, as Kubernetes does. */
        private Instant transition(String type, boolean status, Instant now) {
            return previous.stream().flatMap(p -> p.conditions().stream())
                    .filter(c -> c.type().equals(type) && c.status() == status)
                    .map(Condition::lastTransitionTime).findFirst().orElse(startedAt.isBefore(now) ? startedAt : now);
        }
    }
}
