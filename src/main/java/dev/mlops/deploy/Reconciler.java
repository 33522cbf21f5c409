package dev.mlops.deploy;

import dev.mlops.Outcome;
import dev.mlops.Sleeper;
import dev.mlops.deploy.EnvironmentStatus.Condition;
import dev.mlops.deploy.EnvironmentStatus.Revisions;
import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.gitops.InvalidDesiredStateException;
import dev.mlops.registry.ModelRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reconciles one environment in Flux's shape: a fixed skeleton that records the status on every
 * exit, even when an exception escapes, around a list of small steps with one signature. Each step
 * either ends the reconcile with a {@link Reason} or lets the next one run:
 * <ol>
 * <li>{@link #readDesired} — the desired state at the branch's newest commit (InvalidDesiredState);</li>
 * <li>{@link #observe} — the live endpoint and the desired package in the registry;</li>
 * <li>{@link #checkTarget} — nothing desired, missing or unapproved (NothingDesired, DeletionNotSupported,
 * DesiredVersionMissing, NotApproved);</li>
 * <li>{@link #checkInSync} — the endpoint already serves the desired config: act on nothing (ReconciliationSucceeded);</li>
 * <li>{@link #awaitOtherUpdate} — someone else's update holds the endpoint (EndpointBusy);</li>
 * <li>{@link #apply} — request the config, unless it is already requested (re-attach), failed (DeploymentFailed)
 * or the request only reports (DriftDetected);</li>
 * <li>{@link #awaitServing} — until the endpoint serves that config, not merely InService: a rolled-back
 * update is InService on the old one (ReconciliationSucceeded, DeploymentFailed, WaitTimedOut, Interrupted).</li>
 * </ol>
 * Running it again when nothing changed changes nothing.
 */
public final class Reconciler {
    private final Ports ports;
    private final Clock clock;
    private final Sleeper sleeper;

    public record Ports(DesiredStateStore desired, ModelRegistry registry, EndpointDeployer endpoints, StatusStore statuses,
                        SmokeVerdicts smoke) {
    }

    /** How a step ended the reconcile. */
    private record Ending(Reason reason, String message) {
    }

    /** A step: empty lets the next step run. */
    @FunctionalInterface
    private interface Step {
        Optional<Ending> run(Attempt attempt) throws InterruptedException;
    }

    public Reconciler(Ports ports, Clock clock, Sleeper sleeper) {
        this.ports = ports;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public ReconcileResult reconcile(ReconcileRequest request) {
        Attempt attempt = new Attempt(request, ports.statuses().load(request.env()), clock.instant());
        Throwable escaped = null;
        try {
            attempt.end(run(attempt, List.of(this::readDesired, this::observe, this::checkTarget, this::checkInSync,
                    this::awaitOtherUpdate, this::apply, this::awaitServing)));
        } catch (RuntimeException | Error e) {
            attempt.end(new Ending(Reason.of(e), "cannot reconcile " + request.env() + ": " + e.getMessage()));
            escaped = e;
            throw e;
        } finally {
            record(attempt, escaped);
        }
        return new ReconcileResult(attempt.status, attempt.acted);
    }

    private static Ending run(Attempt attempt, List<Step> steps) {
        try {
            for (Step step : steps) {
                Optional<Ending> ending = step.run(attempt);
                if (ending.isPresent()) {
                    return ending.get();
                }
            }
            throw new IllegalStateException("the last step of a reconcile always ends it");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Ending(Reason.Interrupted, "stopped while waiting for the endpoint of " + attempt.request.env()
                    + "; the deployment goes on: run reconcile again to follow it");
        }
    }

    /** Saves the status on every exit; a failure to save never hides the error that ended the reconcile. */
    private void record(Attempt attempt, Throwable escaped) {
        if (attempt.commit.isEmpty()) {
            return; // an unknown environment (or an unreadable repository) has no status to keep
        }
        try {
            ports.statuses().save(attempt.status());
        } catch (RuntimeException e) {
            if (escaped == null) {
                throw e;
            }
            escaped.addSuppressed(e);
        }
    }

    private Optional<Ending> readDesired(Attempt a) {
        try {
            DesiredState desired = ports.desired().read(a.request.env());
            a.commit = Optional.of(desired.commit());
            a.desired = Optional.of(desired);
            return Optional.empty();
        } catch (InvalidDesiredStateException e) {
            a.commit = Optional.of(e.commit());
            return Optional.of(new Ending(Reason.InvalidDesiredState, e.getMessage()));
        }
    }

    private Optional<Ending> observe(Attempt a) {
        a.target = Optional.of(Target.resolve(a.desired.orElseThrow(), ports.registry()));
        a.live = ports.endpoints().describe(a.target().endpoint());
        return Optional.empty();
    }

    private Optional<Ending> checkTarget(Attempt a) {
        Target target = a.target();
        if (target.problem().isPresent()) {
            return Optional.of(new Ending(target.problem().get().reason(), target.problem().get().message()));
        }
        if (target.config().isPresent()) {
            return Optional.empty();
        }
        return Optional.of(a.live.isEmpty() ? new Ending(Reason.NothingDesired, "no model package is desired yet")
                : new Ending(Reason.DeletionNotSupported, "the desired state names no model package; endpoint "
                        + target.endpoint() + " keeps serving (delete it by hand)"));
    }

    private Optional<Ending> checkInSync(Attempt a) {
        return a.live.filter(d -> d.serves(a.config().configName())).map(d -> a.succeeded());
    }

    private Optional<Ending> awaitOtherUpdate(Attempt a) throws InterruptedException {
        while (a.live.isPresent() && a.live.get().status().isTransitional() && !a.requestedHere()) {
            if (a.pastDeadline()) {
                EndpointDescription busy = a.live.get();
                return Optional.of(new Ending(Reason.EndpointBusy, "endpoint " + busy.endpointName() + " is "
                        + busy.status() + busy.requestedConfigName().map(c -> " towards " + c).orElse("")
                        + ", an update this reconcile did not start; " + a.config().model() + " follows when it ends:"
                        + " run reconcile again"));
            }
            a.pause();
            a.live = ports.endpoints().describe(a.target().endpoint());
        }
        return checkInSync(a);
    }

    private Optional<Ending> apply(Attempt a) {
        EndpointConfig config = a.config();
        boolean failedBefore = a.requestedHere() && a.live.get().gaveUp(config.configName());
        if (a.requestedHere() && !failedBefore) {
            return Optional.empty(); // an update already under way: follow it rather than start another
        }
        if (failedBefore && !a.request.retryFailed()) {
            return Optional.of(a.deploymentFailed(a.live.get()));
        }
        if (!a.request.corrects()) {
            return Optional.of(a.drift());
        }
        ports.endpoints().apply(config, a.commit.orElseThrow());
        a.acted = true;
        a.appliedAt = clock.instant();
        ports.statuses().save(a.progress("deploying " + config.model() + " to endpoint " + config.endpointName()
                + " (config " + config.configName() + ")"));
        return Optional.empty();
    }

    private Optional<Ending> awaitServing(Attempt a) throws InterruptedException {
        EndpointConfig config = a.config();
        boolean moved = false;
        while (true) {
            a.live = ports.endpoints().describe(config.endpointName());
            if (a.live.isPresent() && a.live.get().serves(config.configName())) {
                return Optional.of(a.succeeded());
            }
            // A failure reported before this reconcile asked again is the old attempt's, not this one's. Once the
            // endpoint was seen changing, any end is this attempt's: the endpoint's clock (AWS's) may lag ours.
            moved = moved || a.live.map(d -> d.status().isTransitional()).orElse(false);
            boolean fresh = moved || a.live.map(d -> !d.lastModified().isBefore(a.appliedAt)).orElse(false);
            if (fresh && a.live.get().gaveUp(config.configName())) {
                return Optional.of(a.deploymentFailed(a.live.get()));
            }
            if (a.pastDeadline()) {
                return Optional.of(new Ending(Reason.WaitTimedOut, "endpoint " + config.endpointName()
                        + " does not serve " + config.model() + " yet (status "
                        + a.live.map(d -> d.status().name()).orElse("none")
                        + "); the deployment goes on: run reconcile again to follow it"));
            }
            a.pause();
        }
    }

    /** What one reconcile learns as its steps run, and the status it leaves. */
    private final class Attempt {
        private final ReconcileRequest request;
        private final Optional<EnvironmentStatus> previous;
        private final Instant startedAt;
        private final Instant deadline;
        /** The desired-state commit read, even when the environment's file in it did not read. */
        private Optional<String> commit = Optional.empty();
        private Optional<DesiredState> desired = Optional.empty();
        private Optional<Target> target = Optional.empty();
        private Optional<EndpointDescription> live = Optional.empty();
        private boolean acted;
        private Instant appliedAt = Instant.MIN;
        private Duration wait;
        private EnvironmentStatus status;

        Attempt(ReconcileRequest request, Optional<EnvironmentStatus> previous, Instant startedAt) {
            this.request = request;
            this.previous = previous;
            this.startedAt = startedAt;
            this.deadline = startedAt.plus(request.timeout());
            this.wait = request.polling().initial();
        }

        Target target() {
            return target.orElseThrow();
        }

        EndpointConfig config() {
            return target().config().orElseThrow();
        }

        boolean requestedHere() {
            return live.flatMap(EndpointDescription::requestedConfigName).filter(config().configName()::equals).isPresent();
        }

        boolean pastDeadline() {
            return !clock.instant().isBefore(deadline);
        }

        /** Waits before the next look: the backend's pace, growing, and never past the deadline. */
        void pause() throws InterruptedException {
            Duration left = Duration.between(clock.instant(), deadline);
            sleeper.sleep(left.compareTo(wait) < 0 && !left.isNegative() ? left : wait);
            wait = request.polling().after(wait);
        }

        Ending succeeded() {
            EndpointConfig config = config();
            return new Ending(Reason.ReconciliationSucceeded, "endpoint " + config.endpointName() + " serves "
                    + config.model() + " (config " + config.configName() + ")");
        }

        Ending deploymentFailed(EndpointDescription d) {
            return new Ending(Reason.DeploymentFailed, "the deployment of " + config().model() + " did not take: "
                    + d.failureReason().orElse(d.status().name())
                    + d.liveVersion().map(v -> "; version " + v + " keeps serving").orElse(""));
        }

        /** A difference this request may not correct: what Git wants and what the endpoint does. */
        Ending drift() {
            EndpointConfig config = config();
            String serving = live.map(d -> d.liveConfigName().map(c -> "serves config " + c).orElse("serves nothing")
                    + " (" + d.status() + ")").orElse("does not exist");
            return new Ending(Reason.DriftDetected, "endpoint " + config.endpointName() + " " + serving + "; "
                    + request.env() + " wants " + config.model() + " (config " + config.configName()
                    + "); left as it is (--no-correct)");
        }

        EnvironmentStatus progress(String message) {
            return statusOf(new Ending(Reason.Progressing, message));
        }

        void end(Ending ending) {
            if (commit.isPresent()) {
                status = statusOf(ending);
            }
        }

        EnvironmentStatus status() {
            return status;
        }

        private EnvironmentStatus statusOf(Ending ending) {
            String revision = commit.orElseThrow();
            EnvironmentState now = desired.map(state -> StateRules.compute(seen(state, ending), live,
                    ports.smoke().last(state.env()))).orElseGet(() -> invalid(revision, ending));
            Outcome outcome = ending.reason().outcome();
            Optional<String> applied = outcome == Outcome.SUCCEEDED ? Optional.of(revision)
                    : previous.flatMap(p -> p.revisions().lastApplied());
            Instant at = clock.instant();
            List<Condition> conditions = new ArrayList<>();
            for (ConditionType type : ConditionType.values()) {
                boolean holds = type.holdsAfter(outcome);
                conditions.add(new Condition(type, holds, ending.reason(), holds || type == ConditionType.Ready
                        ? ending.message() : "", transition(type, holds, at)));
            }
            return new EnvironmentStatus(now, ending.reason(), ending.message(),
                    new Revisions(Optional.of(revision), applied), conditions, at);
        }

        /** Before the registry answered, the ending itself is the problem. */
        private Target seen(DesiredState state, Ending ending) {
            return target.orElseGet(() -> new Target(state, Optional.empty(), Optional.empty(),
                    Optional.of(new Target.Problem(ending.reason(), ending.message()))));
        }

        /** A file that does not read has no endpoint name to look at; the previous status knows it, if any. */
        private EnvironmentState invalid(String revision, Ending ending) {
            String endpoint = previous.map(p -> p.state().endpoint()).orElse("");
            return new EnvironmentState(request.env(), endpoint, new EnvironmentState.Desired(revision,
                    Optional.empty(), Optional.empty()), EnvironmentState.Live.NONE, EnvironmentStatus.Sync.OutOfSync,
                    EnvironmentStatus.Health.Degraded, ending.message());
        }

        /** Keeps a condition's transition time while its status stays the same, as Kubernetes does. */
        private Instant transition(ConditionType type, boolean holds, Instant now) {
            return previous.stream().flatMap(p -> p.conditions().stream())
                    .filter(c -> c.type() == type && c.status() == holds)
                    .map(Condition::lastTransitionTime).findFirst().orElse(startedAt.isBefore(now) ? startedAt : now);
        }
    }
}
