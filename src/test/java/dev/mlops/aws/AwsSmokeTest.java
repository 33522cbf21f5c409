package dev.mlops.aws;

import static dev.mlops.aws.AwsSmokeFixture.STAGING_ENDPOINT;
import static dev.mlops.aws.AwsSmokeFixture.V1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.aws.fake.FakeApiGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * {@code mlops --backend aws smoke} through the CLI: the shipped staging suite against an API
 * Gateway stand-in that runs the real handler in front of the fake SageMaker Runtime, open and
 * IAM-authorised, and {@code --direct} against the endpoint; each writes the JUnit XML and JSON
 * summary and records who answered.
 */
class AwsSmokeTest {
    /** The credentials {@link AwsFakes} gives the SDK's default chain. */
    static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("AKIDTEST", "fake-secret");

    /** Set by the build (pom.xml, surefire) for these tests: an API key only an environment variable gives. */
    static final String API_KEY_ENV = "MLOPS_TEST_API_KEY";

    @TempDir
    Path dir;
    AwsSmokeFixture fixture;

    @BeforeEach
    void start() {
        fixture = new AwsSmokeFixture(dir);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void smokeThroughAnOpenApiWritesTheReportsAndRecordsTheVariantConfigAndVersion() throws Exception {
        fixture.environments(fixture.stagingApi(""));

        AwsFakes.Run run = fixture.smoke();

        assertEquals(0, run.exitCode(), run.out() + run.err());
        Map<String, Object> result = run.json();
        assertEquals(Boolean.TRUE, result.get("passed"));
        assertEquals(10, result.get("tests"));
        assertEquals("api", result.get("via"));
        assertEquals(AwsFakes.GROUP + "/1", result.get("version"));
        Map<?, ?> evidence = (Map<?, ?>) result.get("evidence");
        assertEquals(Boolean.TRUE, evidence.get("counts"), evidence.toString());
        assertEquals(List.of(V1), evidence.get("variants"));
        assertEquals(STAGING_ENDPOINT, evidence.get("endpoint"));
        assertEquals(STAGING_ENDPOINT + "-" + V1, evidence.get("endpoint_config"));
        String xml = Files.readString(Path.of((String) result.get("junit_xml")));
        assertTrue(xml.contains("tests=\"10\"") && xml.contains("failures=\"0\"") && xml.contains("errors=\"0\""), xml);
        assertTrue(Files.readString(Path.of((String) result.get("summary_json"))).contains("\"passed\""));
        assertFalse(fixture.aws.sageMaker.requests("InvokeEndpoint").isEmpty(), "the real handler invoked the endpoint");
    }

    @Test
    void smokeSignsRequestsToAnIamApiWithSigV4ForExecuteApi() {
        fixture.staging.requireIam(CREDENTIALS, "us-east-1");
        fixture.environments(fixture.stagingApi("  auth: iam\n"));

        AwsFakes.Run run = fixture.smoke();

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals(Boolean.TRUE, ((Map<?, ?>) run.json().get("evidence")).get("counts"));
        List<FakeApiGateway.Seen> seen = fixture.staging.seen();
        assertEquals(10, seen.size());
        assertTrue(seen.stream().allMatch(s -> s.status() != 403), seen.toString());
        String authorization = seen.get(0).headers().get("authorization");
        assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
                && authorization.contains("/us-east-1/execute-api/aws4_request"), authorization);
        assertFalse(run.out().contains("fake-secret") || run.err().contains("fake-secret"));
    }

    @Test
    void anUnsignedRequestToAnIamApiFailsAndSaysHowToSignIt() {
        fixture.staging.requireIam(CREDENTIALS, "us-east-1");
        fixture.environments(fixture.stagingApi(""));

        AwsFakes.Run run = fixture.smoke("--output", "text");

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("status: expected 200, actual 403"), run.out());
        assertTrue(run.out().contains("if it is IAM-authorised set api.auth: iam"), run.out());
        assertTrue(run.out().contains("environments/staging.yaml"), run.out());
    }

    @Test
    void aSignatureTheApiDoesNotAcceptFailsAndNamesWhatWasSent() {
        fixture.staging.requireIam(AwsBasicCredentials.create("AKIDTEST", "another-secret"), "us-east-1");
        fixture.environments(fixture.stagingApi("  auth: iam\n"));

        AwsFakes.Run run = fixture.smoke("--output", "text");

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("The request signature we calculated does not match"), run.out());
        assertTrue(run.out().contains("the API refused the request sent with a SigV4 signature (execute-api)"), run.out());
    }

    @Test
    void smokeSendsTheApiKeyFromItsVariableAndNeverShowsIt() throws Exception {
        String key = apiKey();
        fixture.staging.requireApiKey(key);
        fixture.environments(fixture.stagingApi("  api_key_env: " + API_KEY_ENV + "\n"));

        AwsFakes.Run run = fixture.smoke();

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(fixture.staging.seen().stream().allMatch(s -> key.equals(s.headers().get("x-api-key"))));
        assertNowhere(key, run);
    }

    @Test
    void aWrongApiKeyFailsClearlyAndIsNeverShown() throws Exception {
        String key = apiKey();
        fixture.staging.requireApiKey("the-key-the-api-wants-0000");
        fixture.environments(fixture.stagingApi("  auth: iam\n  api_key_env: " + API_KEY_ENV + "\n"));

        AwsFakes.Run run = fixture.smoke("--output", "text");

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("status: expected 200, actual 403"), run.out());
        assertTrue(run.out().contains("the API refused the request sent with the API key from " + API_KEY_ENV
                + " and a SigV4 signature"), run.out());
        assertNowhere(key, run);
    }

    @Test
    void anApiKeyVariableThatIsNotSetIsAnInputError() {
        fixture.environments(fixture.stagingApi("  api_key_env: MLOPS_TEST_UNSET_API_KEY\n"));

        AwsFakes.Run run = fixture.smoke();

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue((run.err() + run.out()).contains("api.api_key_env in environments/staging.yaml names the environment"
                + " variable MLOPS_TEST_UNSET_API_KEY, which is not set"), run.err() + run.out());
        assertTrue(fixture.staging.seen().isEmpty(), "nothing is sent without the key");
    }

    @Test
    void theKeyIsNeverSentToAnotherHostThanTheApis() throws Exception {
        apiKey();
        fixture.environments(fixture.stagingApi("  api_key_env: " + API_KEY_ENV + "\n"));

        AwsFakes.Run run = fixture.smoke("--url", fixture.prod.url().toString());

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(fixture.prod.seen().stream().noneMatch(s -> s.headers().containsKey("x-api-key")),
                fixture.prod.seen().toString());
        assertEquals(Boolean.FALSE, ((Map<?, ?>) run.json().get("evidence")).get("counts"));
    }

    @Test
    void directInvokesTheEndpointWithTheSameCasesAndIsNeverEvidence() throws Exception {
        fixture.environments(fixture.stagingApi(""));

        AwsFakes.Run run = fixture.smoke("--direct");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        Map<String, Object> result = run.json();
        assertEquals("endpoint", result.get("via"));
        assertEquals(fixture.aws.sageMaker.endpoint() + "/endpoints/" + STAGING_ENDPOINT + "/invocations", result.get("url"));
        assertEquals(AwsFakes.GROUP + "/1", result.get("version"));
        Map<?, ?> evidence = (Map<?, ?>) result.get("evidence");
        assertEquals(Boolean.FALSE, evidence.get("counts"));
        assertEquals(Boolean.FALSE, evidence.get("environment_api"));
        assertEquals(List.of(V1), evidence.get("variants"));
        assertEquals(STAGING_ENDPOINT + "-" + V1, evidence.get("endpoint_config"));
        assertTrue(fixture.staging.seen().isEmpty(), "the API was bypassed");
        assertTrue(Files.readString(Path.of((String) result.get("junit_xml"))).contains("tests=\"10\""));
    }

    private static String apiKey() {
        String key = System.getenv(API_KEY_ENV);
        Assumptions.assumeTrue(key != null, API_KEY_ENV + " is set by the Maven build; run these tests with mvn test");
        return key;
    }

    /** The key is in no output, report or record. */
    private void assertNowhere(String key, AwsFakes.Run run) throws Exception {
        assertFalse(run.out().contains(key) || run.err().contains(key), "the key was printed");
        try (var files = Files.walk(fixture.state)) {
            for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().contains(".git")).toList()) {
                assertFalse(Files.readString(file).contains(key), "the key is in " + file);
            }
        }
    }

    @Test
    void anEnvironmentWithoutApiUrlIsAnInputErrorNamingItsFile() {
        fixture.environments("");

        AwsFakes.Run run = fixture.smoke();

        assertEquals(2, run.exitCode(), run.out() + run.err());
        String message = run.err() + run.out();
        assertTrue(message.contains("cannot smoke-test staging: no --url given and environments/staging.yaml names no"
                + " api.url; set api.url to the API Gateway stage route"), message);
        assertFalse(message.contains("mlops serve"), "a local serving process is no AWS environment's API: " + message);
    }

    @Test
    void directWithUrlIsAUsageError() {
        fixture.environments(fixture.stagingApi(""));

        AwsFakes.Run run = fixture.smoke("--direct", "--url", fixture.prod.url().toString());

        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue((run.err() + run.out()).contains("give one or the other"), run.err() + run.out());
    }
}
