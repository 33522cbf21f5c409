package dev.mlops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.fakes.Environments;
import dev.mlops.fakes.FakeDesiredStateStore;
import dev.mlops.fakes.FakeEndpointDeployer;
import dev.mlops.fakes.FakeModelRegistry;
import dev.mlops.pipeline.ServingVersion;
import dev.mlops.registry.ModelPackageRef;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a build's report compares with: the version each endpoint serves now, with its recorded metrics. */
class ServedVersionsTest {
    private final Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private final FakeModelRegistry registry = new FakeModelRegistry(clock).withApprovedVersions(2);
    private final FakeEndpointDeployer endpoints = new FakeEndpointDeployer(clock);

    @Test
    void namesTheLiveVersionNotTheOneGitWantsAndSkipsEnvironmentsServingNothing() {
        // Git already wants version 2 in staging, the endpoint still serves 1; prod serves nothing
        FakeDesiredStateStore desired = FakeDesiredStateStore.stagingAndProd(clock, Optional.of(2), Optional.empty());
        serve(desired, Environments.STAGING, 1);
        List<ServingVersion> served = served(desired).now();
        assertEquals(1, served.size(), served.toString());
        assertEquals(Environments.STAGING, served.get(0).env());
        assertEquals(Environments.GROUP + "/1", served.get(0).version());
        assertEquals(Map.of("auc", 0.91), served.get(0).metrics());
    }

    @Test
    void leavesOutAnEnvironmentWhoseFileCannotBeRead() {
        FakeDesiredStateStore desired = FakeDesiredStateStore.stagingAndProd(clock, Optional.of(1), Optional.of(2));
        serve(desired, Environments.STAGING, 1);
        serve(desired, Environments.PROD, 2);
        desired.editByHand(Environments.PROD, "model_package: [", "mallory", "broken by hand");
        assertEquals(List.of(Environments.STAGING), served(desired).now().stream().map(ServingVersion::env).toList());
    }

    private void serve(FakeDesiredStateStore desired, String env, int version) {
        endpoints.serving(EndpointConfigs.of(desired.read(env).spec(),
                registry.describe(new ModelPackageRef(Environments.GROUP, version))));
    }

    private ServedVersions served(FakeDesiredStateStore desired) {
        return new ServedVersions(desired, registry,
                new EnvironmentObserver(new EnvironmentObserver.Ports(desired, registry, endpoints, SmokeVerdicts.NONE)));
    }
}
