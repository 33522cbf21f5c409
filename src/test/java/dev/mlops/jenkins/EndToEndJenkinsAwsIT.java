package dev.mlops.jenkins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.aws.fake.FakeS3;
import dev.mlops.aws.fake.FakeSageMaker;
import dev.mlops.aws.fake.RecordedRequest;
import dev.mlops.aws.fake.StandInApis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jenkinsfiles with the REAL mlops CLI and {@code MLOPS_BACKEND=aws}: the fake SageMaker and S3
 * run as HTTP servers in this JVM, with one API Gateway stand-in per environment in front of the
 * real handler. model-build runs the SageMaker pipeline on the fake and registers the package,
 * mlopsModels approves it in the fake registry, and model-deploy carries it through staging, its
 * smoke run via staging's API, the gate and promotion to prod's endpoint and API; the first release
 * creates both endpoints, the second updates each once. The agent
 * reaches the fakes as it would reach AWS through VPC endpoints: the SDK's per-service endpoint
 * variables, plus a Jenkins AWS credential bound by withMlops.
 */
class EndToEndJenkinsAwsIT {
    private static final String BUCKET = "mlops-e2e";
    private static final String CREDENTIAL = "aws-fake";
    private static final String SECRET = "fake-secret-for-the-e2e";
    private static final String STAGING = "predictive-maintenance-staging";
    private static final String PROD = "predictive-maintenance-prod";
    // The evaluation the fake's pipeline reports: it passes the shipped quality gate (auc >= 0.95, recall >= 0.7,
    // f1 >= 0.8, both classes predicted).
    private static final Map<String, Double> PASSING = Map.of("auc", 0.97, "accuracy", 0.99, "precision", 0.9,
            "recall", 0.8, "f1", 0.85, "predicted_positives", 35.0, "predicted_negatives", 965.0);

    @TempDir
    Path dir;
    Path state;
    FakeS3 s3;
    FakeSageMaker sageMaker;
    StandInApis apis;

    @BeforeEach
    void startTheFakes() throws IOException {
        RealCliJobs.assumeBuilt();
        state = Files.createDirectories(dir.resolve("state"));
        s3 = new FakeS3().start();
        s3.createBucket(BUCKET);
        sageMaker = new FakeSageMaker(s3).start().evaluationMetrics(PASSING).ticksPerEndpointChange(2);
        apis = StandInApis.start(sageMaker, "predictive-maintenance");
    }

    @AfterEach
    void stopTheFakes() {
        if (apis != null) {
            apis.close();
            sageMaker.close();
            s3.close();
        }
    }

    @Test
    void eachApprovedPackageGoesThroughStagingAndTheGateToProdOnSageMaker() throws IOException {
        release(1, "4f2a9c1e0b7d3a5f6e8c9b0a1d2e3f4a5b6c7d8e");
        assertEquals(List.of(STAGING, PROD), endpointNames("CreateEndpoint"), "each endpoint created once");
        assertEquals(List.of(), endpointNames("UpdateEndpoint"), "a first release updates nothing");

        release(2, "9e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d");

        assertEquals(List.of(STAGING, PROD), endpointNames("CreateEndpoint"), "never created again");
        assertEquals(List.of(STAGING, PROD), endpointNames("UpdateEndpoint"), "the next release updates each endpoint once");
        assertEquals("CANARY", sageMaker.requests("UpdateEndpoint").get(1).body().path("DeploymentConfig")
                .path("BlueGreenUpdatePolicy").path("TrafficRoutingConfiguration").path("Type").asText(),
                "prod's deployment policy from environments/prod.yaml");
    }

    /**
     * Release {@code n}: model-build on commit {@code commit} registers version n, it is approved, and
     * model-deploy carries it through staging, its API, the gate and promotion to prod's endpoint and API.
     */
    private void release(int n, String commit) throws IOException {
        Map<?, ?> registered = buildAndApprove("model-build-" + n, commit, n);
        String version = registered.get("group") + "/" + n;
        int stagingCalls = apis.staging.seen().size();
        int prodCalls = apis.prod.seen().size();

        PipelineHarness deploy = deploy("model-deploy-" + n, registered);

        assertEquals("SUCCESS", deploy.build().result(), "model-deploy " + n + " failed: " + deploy.build().errors + log(deploy));
        assertTrue(deploy.build().shellScripts.stream().filter(s -> s.contains(RealCliJobs.LAUNCHER.toString()))
                .allMatch(s -> s.contains("'--backend=aws'")), deploy.build().shellScripts.toString());
        assertTrue(deploy.build().log.contains("Version " + version + " approved for production by alice"), log(deploy));
        assertEquals(2, deploy.build().junit.size(), "staging's and prod's smoke reports: " + deploy.build().junit);
        assertTrue(deploy.build().junit.stream().allMatch(r -> r.tests() > 0 && r.failures() == 0), deploy.build().junit.toString());
        assertTrue(apis.staging.seen().size() > stagingCalls, "staging's smoke run went through its API");
        assertTrue(apis.prod.seen().size() > prodCalls, "prod's smoke run went through its API");
        Map<?, ?> prod = prod(deploy);
        assertEquals(List.of("Synced", "Healthy", version, version),
                List.of(prod.get("sync"), prod.get("health"), prod.get("live_version"), prod.get("desired_version")), prod.toString());
        assertNoSecret(deploy);
    }

    /** model-build/Jenkinsfile on the fake SageMaker, then the version it registered approved in the fake registry. */
    private Map<?, ?> buildAndApprove(String name, String commit, int n) throws IOException {
        PipelineHarness build = job(name);
        build.build().env.put("GIT_COMMIT", commit);
        build.runJenkinsfile("model-build/Jenkinsfile");
        assertEquals("SUCCESS", build.build().result(), name + " failed: " + build.build().errors + log(build));
        assertEquals(n, sageMaker.requests("StartPipelineExecution").size(), "the build ran on SageMaker");
        Map<?, ?> registered = (Map<?, ?>) new ObjectMapper()
                .readValue(build.build().workspace().resolve("mlops-build.json").toFile(), Map.class).get("model_package");
        assertEquals(List.of(n, "PendingManualApproval"), List.of(registered.get("version"), registered.get("approval_status")));
        build.set("ref", registered.get("group") + "/" + n);
        build.runSnippet("withMlops(backend: 'aws', credentials: '" + CREDENTIAL + "') {\n"
                + "  mlopsModels(action: 'approve', ref: ref, reason: 'end-to-end test', by: 'e2e')\n}");
        assertEquals(n, sageMaker.requests("UpdateModelPackage").stream()
                .filter(r -> r.body().path("ModelApprovalStatus").asText().equals("Approved")).count(), "approved in the registry");
        assertNoSecret(build);
        return registered;
    }

    /** model-deploy/Jenkinsfile, its environments naming their stand-in APIs, the gate answered by alice. */
    private PipelineHarness deploy(String name, Map<?, ?> registered) throws IOException {
        PipelineHarness deploy = job(name);
        Path environments = deploy.build().workspace().resolve("model-deploy/environments");
        Files.writeString(environments.resolve("staging.yaml"), StandInApis.apiBlock(apis.staging, ""), StandardOpenOption.APPEND);
        Files.writeString(environments.resolve("prod.yaml"), StandInApis.apiBlock(apis.prod, ""), StandardOpenOption.APPEND);
        deploy.build().params.put("MODEL_PACKAGE_GROUP", registered.get("group"));
        deploy.build().inputAnswer = request -> Map.of("APPROVER", "alice");
        deploy.runJenkinsfile("model-deploy/Jenkinsfile");
        return deploy;
    }

    /**
     * A job on an agent that reaches the fakes: the project config (S3 prefix, roles, fast polling)
     * in the checkout, the endpoints in the SDK's variables, the AWS keys a Jenkins credential.
     */
    private PipelineHarness job(String name) throws IOException {
        PipelineHarness job = RealCliJobs.job(dir.resolve(name), state);
        Files.writeString(job.build().workspace().resolve("mlops.yaml"), String.join("\n", "aws:", "  region: us-east-1",
                "  s3_prefix: s3://" + BUCKET + "/builds", "  execution_role: arn:aws:iam::123456789012:role/MlopsExecution",
                "  poll_interval: 10ms", "  max_poll_interval: 50ms", ""));
        job.build().env.putAll(Map.of(
                "AWS_ENDPOINT_URL_SAGEMAKER", sageMaker.endpoint().toString(),
                "AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME", sageMaker.endpoint().toString(),
                "AWS_ENDPOINT_URL_S3", s3.endpoint().toString()));
        job.build().awsCredentials(CREDENTIAL, "AKIDE2E", SECRET);
        job.build().params.putAll(Map.of("MLOPS_BACKEND", "aws", "AWS_CREDENTIALS_ID", CREDENTIAL,
                "MLOPS_STATE_DIR", state.toString()));
        return job;
    }

    private List<String> endpointNames(String operation) {
        return sageMaker.requests(operation).stream().map(RecordedRequest::body).map(b -> b.path("EndpointName").asText()).toList();
    }

    private static Map<?, ?> prod(PipelineHarness job) {
        Map<?, ?> status = (Map<?, ?>) job.runSnippet("withMlops(backend: 'aws', credentials: '" + CREDENTIAL + "') {\n"
                + "  return mlopsStatus()\n}");
        return RealCliJobs.environment(status, "prod").orElseGet(() -> fail("no prod environment in mlops status: " + status));
    }

    private static void assertNoSecret(PipelineHarness job) {
        assertFalse(String.join("\n", job.build().log).contains(SECRET), "the secret key is in the build log");
        assertFalse(job.build().shellScripts.stream().anyMatch(s -> s.contains(SECRET)), "the secret key is on a command line");
    }

    private static String log(PipelineHarness job) {
        return RealCliJobs.log(job);
    }
}
