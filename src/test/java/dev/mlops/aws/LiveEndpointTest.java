package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.deploy.EndpointDescription;
import dev.mlops.deploy.EndpointStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;

/** How a DescribeEndpoint answer and the endpoint's tags read as the engine's description. */
class LiveEndpointTest {
    private static final String OLD = "shop-staging-v1-0a1b2c3d";
    private static final String NEW = "shop-staging-v2-4e5f6a7b";
    private static final Map<String, String> REQUESTED_NEW = Map.of(EndpointTags.REQUESTED, NEW, EndpointTags.PREVIOUS, OLD);

    @Test
    void anUpdateUnderWayIsRequestedByItsPendingConfig() {
        EndpointDescription d = LiveEndpoint.describe(endpoint("Updating", OLD).pendingDeploymentSummary(p -> p
                .endpointConfigName(NEW)).build(), Map.of());

        assertEquals(EndpointStatus.Updating, d.status());
        assertEquals(Optional.of(OLD), d.liveConfigName());
        assertEquals(Optional.of(1), d.liveVersion());
        assertEquals(Optional.of(NEW), d.requestedConfigName());
    }

    @Test
    void inServiceOnTheReplacedConfigIsARollbackWithTheEndpointsReason() {
        EndpointDescription d = LiveEndpoint.describe(endpoint("InService", OLD).failureReason("alarm fired").build(),
                REQUESTED_NEW);

        assertTrue(d.gaveUp(NEW));
        assertEquals(Optional.of("alarm fired"), d.failureReason());
    }

    @Test
    void aRollbackWithoutAReasonStillSaysWhatHappened() {
        EndpointDescription d = LiveEndpoint.describe(endpoint("InService", OLD).build(), REQUESTED_NEW);

        assertTrue(d.gaveUp(NEW));
        assertEquals(Optional.of("SageMaker rolled the update to config " + NEW + " back to " + OLD), d.failureReason());
    }

    @Test
    void aConfigNobodyHereRequestedIsWhatWasLastRequested() {
        EndpointDescription d = LiveEndpoint.describe(endpoint("InService", "by-hand").build(), REQUESTED_NEW);

        assertEquals(Optional.of("by-hand"), d.requestedConfigName());
        assertFalse(d.gaveUp(NEW), "drift, not a failure");
        assertEquals(Optional.empty(), d.failureReason());
        assertEquals(Optional.empty(), d.liveVersion(), "AllTraffic names no version");
    }

    @Test
    void servingTheRequestedConfigIsSuccess() {
        EndpointDescription d = LiveEndpoint.describe(endpoint("InService", NEW).build(), REQUESTED_NEW);

        assertTrue(d.serves(NEW));
        assertEquals(Optional.of(NEW), d.requestedConfigName());
    }

    @Test
    void aSystemUpdateKeepsTheRequestAndIsStillChanging() {
        EndpointDescription d = LiveEndpoint.describe(endpoint("SystemUpdating", NEW).build(), REQUESTED_NEW);

        assertEquals(EndpointStatus.SystemUpdating, d.status());
        assertEquals(Optional.of(NEW), d.requestedConfigName());
        assertFalse(d.gaveUp(NEW));
    }

    @Test
    void aStatusNewerThanThisControllerIsTakenAsStillChanging() {
        assertEquals(EndpointStatus.Updating, LiveEndpoint.status("Hibernating"));
    }

    private static DescribeEndpointResponse.Builder endpoint(String status, String config) {
        String variant = config.startsWith("shop-staging-v") ? config.substring("shop-staging-".length()) : "AllTraffic";
        return DescribeEndpointResponse.builder().endpointName("shop-staging").endpointArn("arn:endpoint/shop-staging")
                .endpointStatus(status).endpointConfigName(config).lastModifiedTime(Instant.parse("2025-01-06T09:00:00Z"))
                .productionVariants(v -> v.variantName(variant));
    }
}
