package dev.mlops.server;

import dev.mlops.MlopsException;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointStatus;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Moves one endpoint toward its requested config, blue/green: the new version is loaded and
 * health-checked while the old one serves ({@code Updating}); only then does traffic switch, in
 * one atomic step. A failed load leaves the old version serving, {@code InService} on the old
 * config with the failure reason (SageMaker's rollback), or {@code Failed} when nothing served.
 * With a wait in the policy the old version stays loaded until the wait ends, and any server-side
 * error of the new one meanwhile switches back. Runs on the watcher thread only.
 */
final class EndpointUpdater {
    private final EndpointFiles files;
    private final ModelLoader loader;
    private final Clock clock;
    private final Consumer<String> log;

    EndpointUpdater(EndpointFiles files, ModelLoader loader, Clock clock, Consumer<String> log) {
        this.files = files;
        this.loader = loader;
        this.clock = clock;
        this.log = log;
    }

    /** One step: finish a bake that is due, or start the update to a request not handled yet. */
    void step(HostedEndpoint endpoint, ConfigRequest request) {
        if (endpoint.bake().isPresent()) {
            // Like SageMaker, one update at a time: a newer request waits until this one ends.
            endBakeIfDue(endpoint);
            return;
        }
        if (endpoint.handledRequest().filter(request.key()::equals).isEmpty()) {
            update(endpoint, request);
        }
    }

    private void update(HostedEndpoint endpoint, ConfigRequest request) {
        endpoint.handling(request.key());
        EndpointConfig config = request.config();
        Optional<LoadedModel> current = endpoint.live();
        if (current.filter(m -> m.config().configName().equals(config.configName())).isPresent()) {
            endpoint.markLiveGood();
            report(endpoint, EndpointStatus.InService, Optional.empty());
            return;
        }
        report(endpoint, current.isPresent() ? EndpointStatus.Updating : EndpointStatus.Creating, Optional.empty());
        log.accept("endpoint " + endpoint.name() + ": loading " + config.configName() + " (model " + config.model() + ")");
        try {
            switchTo(endpoint, loader.load(config), config.policy().waitSeconds());
        } catch (ModelLoader.LoadFailure failure) {
            log.accept("endpoint " + endpoint.name() + ": " + failure.getMessage());
            if (current.isPresent()) {
                report(endpoint, EndpointStatus.InService, Optional.of(failure.getMessage()));
            } else {
                fallBack(endpoint, config, failure.getMessage());
            }
        }
    }

    private void switchTo(HostedEndpoint endpoint, LoadedModel next, int waitSeconds) {
        Optional<LoadedModel> previous = endpoint.switchTo(next);
        if (previous.isPresent() && waitSeconds > 0) {
            endpoint.startBake(previous.get(), clock.instant().plusSeconds(waitSeconds));
            report(endpoint, EndpointStatus.Updating, Optional.empty());
            log.accept("endpoint " + endpoint.name() + ": " + next.config().configName() + " takes traffic; "
                    + "keeping " + previous.get().config().configName() + " for " + waitSeconds + " s to roll back to");
            return;
        }
        endpoint.markLiveGood();
        report(endpoint, EndpointStatus.InService, Optional.empty());
        log.accept("endpoint " + endpoint.name() + ": InService on " + next.config().configName());
    }

    private void endBakeIfDue(HostedEndpoint endpoint) {
        HostedEndpoint.Bake bake = endpoint.bake().orElseThrow();
        int errors = endpoint.errorsWhileBaking();
        if (errors > 0) {
            String failed = endpoint.live().map(m -> m.config().configName()).orElse("the new config");
            endpoint.switchTo(bake.previous());
            endpoint.endBake();
            String reason = "rolled back from " + failed + ": the new version failed " + errors
                    + " request(s) while baking";
            log.accept("endpoint " + endpoint.name() + ": " + reason);
            report(endpoint, EndpointStatus.InService, Optional.of(reason));
        } else if (!clock.instant().isBefore(bake.until())) {
            endpoint.endBake();
            endpoint.markLiveGood();
            report(endpoint, EndpointStatus.InService, Optional.empty());
            log.accept("endpoint " + endpoint.name() + ": InService on " + endpoint.lastGoodConfigName().orElse("?"));
        }
    }

    /** Nothing serves and the requested config failed: go back to the last config that was fully in service. */
    private void fallBack(HostedEndpoint endpoint, EndpointConfig failed, String reason) {
        Optional<String> lastGood = endpoint.lastGoodConfigName().filter(name -> !name.equals(failed.configName()));
        if (lastGood.isPresent()) {
            try {
                Optional<EndpointConfig> previous = files.readHistory(endpoint.name(), lastGood.get());
                if (previous.isPresent()) {
                    endpoint.switchTo(loader.load(previous.get()));
                    report(endpoint, EndpointStatus.InService, Optional.of(reason));
                    log.accept("endpoint " + endpoint.name() + ": back on last good config " + lastGood.get());
                    return;
                }
            } catch (ModelLoader.LoadFailure | MlopsException | UncheckedIOException e) {
                log.accept("endpoint " + endpoint.name() + ": " + e.getMessage());
            }
        }
        report(endpoint, EndpointStatus.Failed, Optional.of(reason));
    }

    private void report(HostedEndpoint endpoint, EndpointStatus state, Optional<String> failureReason) {
        files.writeStatus(endpoint.name(), endpoint.report(state, failureReason, clock.instant()));
    }
}
