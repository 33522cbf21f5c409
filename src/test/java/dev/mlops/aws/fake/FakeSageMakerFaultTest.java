package dev.mlops.aws.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ResourceLimitExceededException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

class FakeSageMakerFaultTest {
    private FakeSageMaker fake;
    private SageMakerClient client;

    @BeforeEach
    void start() {
        fake = new FakeSageMaker().start();
        client = Clients.sageMaker(fake.endpoint());
        Pipelines.create(client);
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void standardRetriesRideOutTwoThrottledAttempts() {
        fake.throttleNext(2);

        String arn = client.describePipeline(b -> b.pipelineName(Pipelines.NAME)).pipelineArn();

        List<RecordedRequest> attempts = fake.requests("DescribePipeline");
        assertTrue(arn.endsWith(":pipeline/end-to-end-ml-sm-pipeline"));
        assertEquals(List.of(Optional.of("ThrottlingException"), Optional.of("ThrottlingException"), Optional.empty()),
                attempts.stream().map(RecordedRequest::injectedFault).toList());
        assertEquals("attempt=3; max=3", attempts.get(2).header("amz-sdk-request").orElseThrow());
    }

    @Test
    void surfacesThrottlingOnceTheRetriesAreSpent() {
        fake.throttleNext(3);

        SageMakerException throttled = assertThrows(SageMakerException.class,
                () -> client.describePipeline(b -> b.pipelineName(Pipelines.NAME)));

        assertTrue(throttled.isThrottlingException());
        assertEquals(400, throttled.statusCode());
        assertEquals(3, fake.requests("DescribePipeline").size());
    }

    @Test
    void retriesServerErrors() {
        fake.failNext(1, 503).failNext(1, 500);

        client.describePipeline(b -> b.pipelineName(Pipelines.NAME));

        assertEquals(List.of(Optional.of("InternalFailure"), Optional.empty()),
                fake.requests("DescribePipeline").stream().map(RecordedRequest::injectedFault).toList());
    }

    @Test
    void reportsServiceUnavailableWhenEveryAttemptFails() {
        fake.failNext(5, 503);

        SageMakerException unavailable = assertThrows(SageMakerException.class,
                () -> client.describePipeline(b -> b.pipelineName(Pipelines.NAME)));

        assertEquals(503, unavailable.statusCode());
        assertEquals("ServiceUnavailable", unavailable.awsErrorDetails().errorCode());
    }

    @Test
    void recordsTheSigV4SignatureAndTargetOfEveryCall() {
        client.listPipelines(b -> b.maxResults(5));

        RecordedRequest request = fake.requests("ListPipelines").get(0);

        String authorization = request.header("Authorization").orElseThrow();
        assertTrue(authorization.startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/"), authorization);
        assertTrue(authorization.contains("/us-east-1/sagemaker/aws4_request"), authorization);
        assertTrue(authorization.contains("Signature="), authorization);
        assertEquals("SageMaker.ListPipelines", request.header("X-Amz-Target").orElseThrow());
        assertTrue(request.header("X-Amz-Date").isPresent());
    }

    @Test
    void recordsTheParsedRequestBody() {
        client.startPipelineExecution(b -> b.pipelineName(Pipelines.NAME)
                .clientRequestToken(Pipelines.token("build-recorded")));

        RecordedRequest start = fake.requests("StartPipelineExecution").get(0);

        assertEquals(Pipelines.NAME, start.body().path("PipelineName").asText());
        assertEquals(Pipelines.token("build-recorded"), start.body().path("ClientRequestToken").asText());
    }

    @Test
    void slowResponsesTripTheClientsAttemptTimeout() {
        fake.slowResponses(Duration.ofSeconds(1));
        try (SageMakerClient impatient = SageMakerClient.builder()
                .endpointOverride(fake.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(Clients.CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.apiCallAttemptTimeout(Duration.ofMillis(200))
                        .retryStrategy(RetryMode.STANDARD))
                .build()) {

            SdkClientException timedOut = assertThrows(SdkClientException.class,
                    () -> impatient.describePipeline(b -> b.pipelineName(Pipelines.NAME)));

            assertTrue(timedOut instanceof ApiCallAttemptTimeoutException
                    || timedOut.getCause() instanceof ApiCallAttemptTimeoutException, timedOut.toString());
        }
    }

    @Test
    void refusesExecutionsBeyondTheRunningLimit() {
        fake.limitRunningExecutions(1);
        client.startPipelineExecution(b -> b.pipelineName(Pipelines.NAME).clientRequestToken(Pipelines.token("one")));

        assertThrows(ResourceLimitExceededException.class, () -> client.startPipelineExecution(
                b -> b.pipelineName(Pipelines.NAME).clientRequestToken(Pipelines.token("two"))));
    }

    @Test
    void answersOperationsItDoesNotImplementLikeAnUnknownOperation() {
        SageMakerException unknown = assertThrows(SageMakerException.class,
                () -> client.describeTrainingJob(b -> b.trainingJobName("job")));

        assertEquals("UnknownOperationException", unknown.awsErrorDetails().errorCode());
    }
}
