package dev.mlops.aws;

import dev.mlops.Polling;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.aws.fake.FakeSageMaker;
import dev.mlops.aws.fake.RecordedRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the client factory configures the SDK, observed on the wire. */
class AwsClientsTest {
    static final String CONTROLLER = "arn:aws:iam::123456789012:role/MlopsController";

    static {
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "fake-secret");
    }

    @Test
    void assumedRoleCredentialsAreRenewedBeforeTheyExpire() {
        // keys that expire in 90 s are inside the 5-minute renewal window: every call renews them,
        // as every call would an hour into a session
        try (FakeSts sts = new FakeSts(Duration.ofSeconds(90)); FakeSageMaker sageMaker = new FakeSageMaker().start();
             AwsClients clients = AwsClients.create(settings(sageMaker, sts, Optional.of(CONTROLLER)))) {
            for (int i = 0; i < 3; i++) {
                clients.sageMaker().listModelPackageGroups(b -> { });
            }

            List<Map<String, String>> assumed = sts.requests();
            assertTrue(assumed.size() >= 2, assumed.toString());
            assertEquals(CONTROLLER, assumed.get(0).get("RoleArn"));
            assertEquals("3600", assumed.get(0).get("DurationSeconds"));
            assertTrue(assumed.get(0).get("RoleSessionName").startsWith("mlops-"), assumed.get(0).toString());
            List<String> keys = sageMaker.requests().stream().map(AwsClientsTest::accessKey).toList();
            assertEquals("ASIAFAKE0001", keys.get(0));
            assertTrue(keys.get(keys.size() - 1).compareTo("ASIAFAKE0001") > 0, keys.toString());
        }
    }

    @Test
    void withoutARoleTheDefaultChainSignsAndCallsAreAdaptiveWithTheConfiguredAttempts() {
        try (FakeSageMaker sageMaker = new FakeSageMaker().start();
             AwsClients clients = AwsClients.create(settings(sageMaker, null, Optional.empty()))) {
            clients.sageMaker().listModelPackageGroups(b -> { });

            RecordedRequest request = sageMaker.requests().get(0);
            assertEquals("AKIDTEST", accessKey(request));
            assertEquals(Optional.of("attempt=1; max=4"), request.header("amz-sdk-request"));
            // the SDK reports its features in the user agent's "m/" list; F is RETRY_MODE_ADAPTIVE
            String agent = request.header("user-agent").orElse("");
            List<String> features = List.of(agent.replaceFirst(".* m/([^ ]*).*", "$1").split(","));
            assertTrue(features.contains("F"), agent);
        }
    }

    @Test
    void sessionNameFollowsStsRules() {
        assertEquals("mlops-jenkins", AwsClients.sessionName("Jenkins"));
        assertEquals("mlops-a-b-c", AwsClients.sessionName("a b/c"));
        assertEquals(64, AwsClients.sessionName("x".repeat(100)).length());
        assertEquals("mlops-user", AwsClients.sessionName(""));
    }

    private static AwsSettings settings(FakeSageMaker sageMaker, FakeSts sts, Optional<String> role) {
        return new AwsSettings(Optional.of("us-east-1"), Optional.empty(), role, Optional.of(sageMaker.endpoint()),
                Optional.empty(), Optional.ofNullable(sts).map(FakeSts::endpoint), Optional.empty(), Optional.empty(),
                Optional.empty(),
                Path.of("model-build"), Polling.DEFAULT, 4);
    }

    private static String accessKey(RecordedRequest request) {
        String authorization = request.header("authorization").orElse("");
        int start = authorization.indexOf("Credential=") + "Credential=".length();
        return authorization.substring(start, authorization.indexOf('/', start));
    }
}
