package dev.mlops.deploy;

import dev.mlops.deploy.EnvironmentState.Desired;
import dev.mlops.deploy.EnvironmentState.Live;
import dev.mlops.deploy.EnvironmentStatus.Health;
import dev.mlops.deploy.EnvironmentStatus.Sync;
import dev.mlops.registry.ModelPackageRef;
import java.util.Optional;

/**
 * Computes sync and health from what is true now: the desired target (Git and the registry), the
 * live endpoint, and the last smoke run that counts as evidence. Sync is Synced only when the
 * endpoint is in service on exactly the desired config; health comes from the endpoint and from
 * that smoke run when it tested the live version. A pure function: every status shown is this.
 */
public final class StateRules {
    private StateRules() {
    }

    public static EnvironmentState compute(Target target, Optional<EndpointDescription> live, Optional<SmokeVerdict> smoke) {
        Optional<String> group = target.version().map(ModelPackageRef::group);
        Optional<String> liveVersion = live.flatMap(EndpointDescription::liveVersion).flatMap(v -> group.map(g -> g + "/" + v));
        Live liveSide = live.map(d -> new Live(Optional.of(d.status()), liveVersion, d.liveConfigName())).orElse(Live.NONE);
        Desired desiredSide = new Desired(target.desired().commit(), target.version().map(ModelPackageRef::toString),
                target.config().map(EndpointConfig::configName));
        SyncVerdict sync = sync(target, live, liveVersion);
        HealthVerdict health = health(target, live, liveVersion, smoke);
        // A missing endpoint is already what sync says; anything else unhealthy is said too.
        boolean quiet = health.health() == Health.Healthy || health.health() == Health.Missing;
        String message = quiet ? sync.message() : sync.message() + "; " + health.message();
        return new EnvironmentState(target.env(), target.endpoint(), desiredSide, liveSide, sync.sync(), health.health(),
                message);
    }

    private record SyncVerdict(Sync sync, String message) {
    }

    private record HealthVerdict(Health health, String message) {
    }

    private static SyncVerdict sync(Target target, Optional<EndpointDescription> live, Optional<String> liveVersion) {
        String endpoint = "endpoint " + target.endpoint();
        if (target.problem().isPresent()) {
            return new SyncVerdict(Sync.OutOfSync, target.problem().get().message());
        }
        if (target.config().isEmpty()) {
            return live.isEmpty() ? new SyncVerdict(Sync.Synced, "no model package is desired and " + endpoint
                    + " does not exist") : new SyncVerdict(Sync.OutOfSync, "the desired state names no model package, but "
                    + endpoint + " serves " + live.get().liveConfigName().orElse("nothing") + " (delete it by hand)");
        }
        EndpointConfig config = target.config().get();
        String wanted = config.model() + " (config " + config.configName() + ")";
        if (live.isEmpty()) {
            return new SyncVerdict(Sync.OutOfSync, target.env() + " wants " + wanted + "; " + endpoint + " does not exist yet");
        }
        if (live.get().serves(config.configName())) {
            return new SyncVerdict(Sync.Synced, endpoint + " serves " + wanted);
        }
        boolean deploying = live.get().requestedConfigName().filter(config.configName()::equals).isPresent()
                && live.get().status().isTransitional();
        String serving = liveVersion.map(v -> v + " (config " + live.get().liveConfigName().orElse("?") + ")")
                .orElse(live.get().liveConfigName().orElse("nothing"));
        return new SyncVerdict(Sync.OutOfSync, (deploying ? "deploying " : target.env() + " wants ") + wanted + "; "
                + endpoint + " serves " + serving);
    }

    private static HealthVerdict health(Target target, Optional<EndpointDescription> live, Optional<String> liveVersion,
                                  Optional<SmokeVerdict> smoke) {
        if (live.isEmpty()) {
            return new HealthVerdict(Health.Missing, "endpoint " + target.endpoint() + " does not exist");
        }
        EndpointDescription d = live.get();
        String endpoint = "endpoint " + d.endpointName();
        switch (d.status()) {
            case Failed, UpdateRollbackFailed, OutOfService -> {
                return new HealthVerdict(Health.Degraded, endpoint + " is " + d.status()
                        + d.failureReason().map(r -> ": " + r).orElse(""));
            }
            case InService -> {
                // A rolled-back update of the config wanted now is InService on the old one: not healthy.
                Optional<String> wanted = target.config().map(EndpointConfig::configName);
                boolean rolledBack = wanted.isPresent() && d.requestedConfigName().equals(wanted) && !d.serves(wanted.get())
                        && d.failureReason().isPresent();
                if (rolledBack) {
                    return new HealthVerdict(Health.Degraded, "the deployment of " + target.version().orElseThrow()
                            + " did not take: " + d.failureReason().get()
                            + liveVersion.map(v -> "; " + v + " keeps serving").orElse(""));
                }
                Optional<SmokeVerdict> failed = smoke.filter(s -> liveVersion.filter(s.version()::equals).isPresent())
                        .filter(s -> !s.passed());
                if (failed.isPresent()) {
                    return new HealthVerdict(Health.Degraded, "the last smoke run of " + failed.get().version() + " on "
                            + target.env() + "'s API failed (" + failed.get().summary() + ")");
                }
                return new HealthVerdict(Health.Healthy, endpoint + " is InService");
            }
            default -> {
                return new HealthVerdict(Health.Progressing, endpoint + " is " + d.status());
            }
        }
    }
}
