package dev.mlops.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointConfigs;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.local.TestClock;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fake behaves like SageMaker's endpoints as EndpointDeployer describes them. */
class FakeEndpointDeployerTest {
    private final TestClock clock = new TestClock(Instant.parse("2024-05-01T10:00:00Z"));
    private final FakeModelRegistry registry = new FakeModelRegistry(clock).withApprovedVersions(2);
    private final FakeDesiredStateStore desired = FakeDesiredStateStore.stagingAndProd(clock, Optional.empty(),
            Optional.empty());
    private final FakeEndpointDeployer endpoints = new FakeEndpointDeployer(clock);

    @Test
    void applyOnlyRecordsTheRequestAndTheWorkHappensLater() {
        endpoints.apply(config(1));

        EndpointDescription creating = describe();
        assertEquals(EndpointStatus.Creating, creating.status());
        assertEquals(Optional.empty(), creating.liveConfigName());
        assertEquals(Optional.of(config(1).configName()), creating.requestedConfigName());

        endpoints.step();

        assertTrue(describe().serves(config(1).configName()));
    }

    @Test
    void anUpdateIsUpdatingOnTheOldConfigUntilItEnds() {
        endpoints.serving(config(1));
        endpoints.apply(config(2));

        EndpointDescription updating = describe();
        assertEquals(EndpointStatus.Updating, updating.status());
        assertEquals(Optional.of(config(1).configName()), updating.liveConfigName());
        assertEquals(Optional.of(1), updating.liveVersion());
    }

    @Test
    void aRolledBackUpdateIsInServiceOnTheOldConfigAndGaveUp() {
        endpoints.serving(config(1));
        endpoints.nextUpdateRollsBack("alarm fired");
        endpoints.apply(config(2));
        endpoints.step();

        EndpointDescription rolledBack = describe();
        assertEquals(EndpointStatus.InService, rolledBack.status());
        assertFalse(rolledBack.serves(config(2).configName()));
        assertTrue(rolledBack.gaveUp(config(2).configName()));
        assertEquals(Optional.of("alarm fired"), rolledBack.failureReason());
    }

    @Test
    void applyingTheRequestedConfigAgainChangesNothingUnlessItGaveUp() {
        endpoints.stepsPerUpdate(2).apply(config(1));
        endpoints.step();
        endpoints.apply(config(1));
        endpoints.step();

        assertTrue(describe().serves(config(1).configName()), "the second apply did not restart the update");

        endpoints.nextUpdateRollsBack("health check failed").apply(config(2));
        endpoints.settle();
        endpoints.apply(config(2));

        assertEquals(EndpointStatus.Updating, describe().status(), "a config that gave up is tried again");
    }

    private EndpointDescription describe() {
        return endpoints.describe(Environments.endpoint("staging")).orElseThrow();
    }

    private EndpointConfig config(int version) {
        return EndpointConfigs.of(desired.read("staging").spec(), registry.describe(FakeModelRegistry.ref(version)));
    }
}
