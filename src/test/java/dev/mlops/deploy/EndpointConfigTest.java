package dev.mlops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import dev.mlops.spec.CaptureLimits;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EndpointConfigTest {
    private static final ModelRef MODEL = new ModelRef("shop", 4, "arn:aws:sagemaker:local:000000000000:model-package/shop/4",
            Map.of(ModelRef.FEATURIZER, "s3://b/f.json", ModelRef.MODEL, "s3://b/m.json"));

    @Test
    void theSameDesiredStateAlwaysGetsTheSameConfigName() {
        EndpointConfig a = config("shop-staging", MODEL, 100, DeploymentPolicy.allAtOnce());
        EndpointConfig b = config("shop-staging", MODEL, 100, DeploymentPolicy.allAtOnce());
        assertEquals(a, b);
        assertTrue(a.configName().matches("shop-staging-v4-[0-9a-f]{8}"), a.configName());
        assertEquals(a.configName(), a.derivedConfigName());
    }

    @Test
    void artifactOrderDoesNotChangeTheName() {
        Map<String, String> reversed = new LinkedHashMap<>();
        reversed.put(ModelRef.MODEL, "s3://b/m.json");
        reversed.put(ModelRef.FEATURIZER, "s3://b/f.json");
        ModelRef same = new ModelRef(MODEL.group(), MODEL.version(), MODEL.arn(), reversed);
        assertEquals(config("e", MODEL, 1, DeploymentPolicy.allAtOnce()).configName(),
                config("e", same, 1, DeploymentPolicy.allAtOnce()).configName());
    }

    @Test
    void anyChangeOfDesiredStateGetsANewName() {
        String base = config("e", MODEL, 100, DeploymentPolicy.allAtOnce()).configName();
        assertNotEquals(base, config("e", MODEL, 80, DeploymentPolicy.allAtOnce()).configName());
        assertNotEquals(base, config("e", new ModelRef("shop", 5, MODEL.arn(), MODEL.artifacts()), 100,
                DeploymentPolicy.allAtOnce()).configName());
        assertNotEquals(base, config("e", MODEL, 100,
                new DeploymentPolicy(DeploymentPolicy.CANARY, 60, Optional.of(10), List.of("errors"))).configName());
        assertNotEquals(config("e", MODEL, 100, policyWithAlarms(List.of("a,b"))).configName(),
                config("e", MODEL, 100, policyWithAlarms(List.of("a", "b"))).configName());
    }

    @Test
    void longEndpointNamesAreShortenedToSageMakersLimit() {
        String longName = "a".repeat(60);
        EndpointConfig config = config(longName, MODEL, 100, DeploymentPolicy.allAtOnce());
        assertEquals(63, config.configName().length());
        assertTrue(config.configName().endsWith("-v4-" + config.configName().substring(55)), config.configName());
    }

    @Test
    void refusesIllegalValuesNamingThem() {
        assertMessage("endpoint name 'bad_name'", () -> config("bad_name", MODEL, 1, DeploymentPolicy.allAtOnce()));
        assertMessage("data capture must be 0 to 100 percent, found 101",
                () -> config("e", MODEL, 101, DeploymentPolicy.allAtOnce()));
        assertMessage("instance count must be 1 or more",
                () -> new EndpointConfig("e", "prod", MODEL, "ml.m5.large", 0, 1, DeploymentPolicy.allAtOnce()));
        assertMessage("environment 'a b'",
                () -> new EndpointConfig("e", "a b", MODEL, "ml.m5.large", 1, 1, DeploymentPolicy.allAtOnce()));
        assertMessage("canary", () -> new DeploymentPolicy("CANARY", 60, Optional.of(60), List.of()));
        assertMessage("a size in percent", () -> new DeploymentPolicy("LINEAR", 60, Optional.empty(), List.of()));
        assertMessage("strategy must be one of",
                () -> new DeploymentPolicy("ROLLING", 60, Optional.empty(), List.of()));
        assertMessage("wait must be 0 to 3600", () -> new DeploymentPolicy("ALL_AT_ONCE", -1, Optional.empty(), List.of()));
    }

    @Test
    void aDescriptionServesOnlyTheLiveConfigAndGivesUpOnlyOnTheRequestedOne() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        EndpointDescription rolledBack = new EndpointDescription("e", EndpointStatus.InService, Optional.of("old"),
                Optional.of(1), Optional.of("new"), Optional.of("health check failed"), now);
        assertTrue(rolledBack.serves("old"));
        assertTrue(rolledBack.gaveUp("new"));
        assertTrue(!rolledBack.serves("new") && !rolledBack.gaveUp("old"));
        EndpointDescription updating = new EndpointDescription("e", EndpointStatus.Updating, Optional.of("old"),
                Optional.of(1), Optional.of("new"), Optional.empty(), now);
        assertTrue(!updating.serves("new") && !updating.gaveUp("new"));
        EndpointDescription failed = new EndpointDescription("e", EndpointStatus.Failed, Optional.empty(),
                Optional.empty(), Optional.of("new"), Optional.of("corrupt"), now);
        assertTrue(failed.gaveUp("new"));
        assertEquals(EndpointStatus.RollingBack, EndpointStatus.parse("rollingback"));
    }

    private static DeploymentPolicy policyWithAlarms(List<String> alarms) {
        return new DeploymentPolicy(DeploymentPolicy.ALL_AT_ONCE, 0, Optional.empty(), alarms);
    }

    @Test
    void captureLimitsChangeTheNameOnlyWhenTheyAreNotTheDefaults() {
        EndpointConfig base = config("e", MODEL, 100, DeploymentPolicy.allAtOnce());
        EndpointConfig defaults = new EndpointConfig("e", "staging", MODEL, "ml.m5.large", 1, 100,
                DeploymentPolicy.allAtOnce(), CaptureLimits.DEFAULTS);
        EndpointConfig bounded = new EndpointConfig("e", "staging", MODEL, "ml.m5.large", 1, 100,
                DeploymentPolicy.allAtOnce(), CaptureLimits.of(16, 4, 40, 15));
        assertEquals(base.configName(), defaults.configName());
        assertNotEquals(base.configName(), bounded.configName());
        assertEquals(bounded.configName(), bounded.derivedConfigName());
    }

    private static EndpointConfig config(String name, ModelRef model, int capture, DeploymentPolicy policy) {
        return new EndpointConfig(name, "staging", model, "ml.m5.large", 1, capture, policy);
    }

    private static void assertMessage(String fragment, Runnable action) {
        InputException e = assertThrows(InputException.class, action::run);
        assertTrue(e.getMessage().toLowerCase().contains(fragment.toLowerCase()), e.getMessage());
    }
}
