package dev.mlops.cli;

import dev.mlops.Sleeper;
import dev.mlops.approval.ApprovalWatcher;
import dev.mlops.backend.Backend;
import dev.mlops.deploy.EnvironmentObserver;
import dev.mlops.deploy.ServedVersions;
import dev.mlops.deploy.Reconciler;
import dev.mlops.local.ControllerState;
import dev.mlops.pipeline.ServingVersions;
import dev.mlops.promote.Promotion;
import dev.mlops.promote.Rollback;
import dev.mlops.smoke.EnvironmentApis;
import dev.mlops.smoke.EnvironmentSmoke;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** Wires the engine's use cases to one backend and the controller's state; commands only pick one and call it. */
final class UseCases {
    private final Backend backend;
    private final ControllerState state;

    UseCases(Backend backend, ControllerState state) {
        this.backend = backend;
        this.state = state;
    }

    Reconciler reconciler() {
        return new Reconciler(new Reconciler.Ports(state.desiredState(), backend.registry(), backend.endpoints(),
                state.statuses(), state.smokeResults().verdicts()), Clock.systemUTC(), Sleeper.SYSTEM);
    }

    /** Only reads, so every environment it observes in one command is seen at one commit. */
    EnvironmentObserver observer() {
        return new EnvironmentObserver(new EnvironmentObserver.Ports(state.desiredStateAtOneCommit(), backend.registry(),
                backend.endpoints(), state.smokeResults().verdicts()));
    }

    /** What environments serve now, for a build's report; nothing when no desired state exists yet. */
    ServingVersions servedVersions() {
        return () -> state.existingDesiredState()
                .map(desired -> new ServedVersions(desired, backend.registry(), observer()).now())
                .orElse(List.of());
    }

    Promotion promotion() {
        return new Promotion(new Promotion.Ports(state.desiredState(), backend.registry(), backend.endpoints(),
                state.smokeResults()));
    }

    Rollback rollback() {
        return new Rollback(new Rollback.Ports(state.desiredState(), backend.registry(), state.smokeResults()));
    }

    ApprovalWatcher watcher(String env) {
        return new ApprovalWatcher(new ApprovalWatcher.Ports(backend.registry(), state.desiredState(), state.watchCursor(),
                state.smokeResults()), env);
    }

    EnvironmentSmoke smoke(EnvironmentApis apis) {
        return new EnvironmentSmoke(new EnvironmentSmoke.Ports(state.desiredState(), backend.smokeAccess(),
                state.smokeResults(), apis, name -> Optional.ofNullable(System.getenv(name))), Clock.systemUTC());
    }

    /** Smoke tests against each environment's own API, as the backend says where it is. */
    EnvironmentSmoke smoke() {
        return smoke(backend.apis(state.apis()));
    }
}
