package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.EndpointConfigSummary;

/** Old endpoint configs and their models go, the newest few and those in use stay, against the fake. */
class EndpointCleanupTest {
    @TempDir
    Path dir;

    @Test
    void deletesOldConfigsAndModelsButKeepsTheNewestAndThoseInUse() {
        try (AwsFakes aws = AwsFakes.start(dir); AwsClients clients = aws.clients()) {
            SageMakerClient sm = clients.sageMaker();
            for (int v = 1; v <= 6; v++) {
                create(sm, "shop-staging-v" + v + "-0000000" + v);
            }
            create(sm, "shop-staging-extra-v1-00000001"); // another endpoint's
            create(sm, "by-hand-shop-staging");

            List<String> deleted = new EndpointCleanup(sm).clean("shop-staging", Set.of("shop-staging-v1-00000001"));

            assertEquals(List.of("shop-staging-v3-00000003", "shop-staging-v2-00000002"), deleted);
            List<String> left = sm.listEndpointConfigsPaginator(b -> b.nameContains("")).endpointConfigs().stream()
                    .map(EndpointConfigSummary::endpointConfigName).toList();
            assertTrue(left.containsAll(List.of("shop-staging-v6-00000006", "shop-staging-v5-00000005",
                    "shop-staging-v4-00000004", "shop-staging-v1-00000001", "shop-staging-extra-v1-00000001",
                    "by-hand-shop-staging")), left.toString());
            assertEquals(2, aws.sageMaker.requests("DeleteModel").size());
        }
    }

    @Test
    void aFailingListingDeletesNothingAndDoesNotThrow() {
        try (AwsFakes aws = AwsFakes.start(dir); AwsClients clients = aws.clients()) {
            aws.sageMaker.failNext(10, 500);

            assertEquals(List.of(), new EndpointCleanup(clients.sageMaker()).clean("shop-staging", Set.of()));
        }
    }

    @Test
    void recognisesTheNamesEndpointConfigGivesAnEndpointsConfigs() {
        assertTrue(EndpointCleanup.belongsTo("shop-staging-v12-0a1b2c3d", "shop-staging"));
        assertFalse(EndpointCleanup.belongsTo("shop-staging-extra-v1-0a1b2c3d", "shop-staging"));
        assertFalse(EndpointCleanup.belongsTo("shop-staging-v1-0a1b2c3d", "shop"));
        assertFalse(EndpointCleanup.belongsTo("shop-staging-AllTraffic", "shop-staging"));
        String longName = "a".repeat(60);
        assertTrue(EndpointCleanup.belongsTo("a".repeat(49) + "-v3-0a1b2c3d", longName), "a shortened endpoint name");
    }

    private static void create(SageMakerClient sm, String name) {
        sm.createModel(b -> b.modelName(name).executionRoleArn(AwsFakes.ROLE)
                .primaryContainer(c -> c.image("image").modelDataUrl("s3://b/" + name)));
        sm.createEndpointConfig(b -> b.endpointConfigName(name).productionVariants(v -> v.variantName("AllTraffic")
                .modelName(name).instanceType("ml.m5.large").initialInstanceCount(1)));
    }
}
