package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.aws.fake.RecordedRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Throttling, server errors and the controller's own time-out: the build goes on, or resumes. */
class SageMakerResilienceTest {
    @TempDir
    Path dir;
    AwsFakes aws;

    @BeforeEach
    void start() {
        aws = AwsFakes.start(dir);
        aws.sageMaker.evaluationMetrics(AwsFakes.metrics(0.97));
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void throttlingStormWhileFollowingIsRiddenOut() throws Exception {
        aws.sageMaker.ticksPerStep(8);
        CompletableFuture<AwsFakes.Run> build = aws.buildInBackground();
        aws.awaitRequests("DescribePipelineExecution", 1);

        aws.sageMaker.throttleNext(8);
        AwsFakes.Run run = build.get();

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("Succeeded", run.json().get("status"));
        assertEquals(8, faults("ThrottlingException"));
        assertTrue(run.err().contains("SageMaker did not answer (ThrottlingException: Rate exceeded); polling again"),
                run.err());
        assertEquals(1, aws.sageMaker.requests("StartPipelineExecution").size());
    }

    @Test
    void serverErrorsWhileFollowingAreRiddenOut() throws Exception {
        aws.sageMaker.ticksPerStep(8);
        CompletableFuture<AwsFakes.Run> build = aws.buildInBackground();
        aws.awaitRequests("DescribePipelineExecution", 1);

        aws.sageMaker.failNext(6, 503);
        AwsFakes.Run run = build.get();

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(6, faults("ServiceUnavailable"));
        assertEquals(1, ((Map<?, ?>) run.json().get("model_package")).get("version"));
    }

    @Test
    void losingContactWhileFollowingEndsAsStillRunningNotAsAFailure() throws Exception {
        aws.sageMaker.ticksPerStep(8);
        CompletableFuture<AwsFakes.Run> build = aws.buildInBackground();
        aws.awaitRequests("DescribePipelineExecution", 1);

        // two attempts per call (see AwsFakes) times the follow's limit of failed polls in a row
        aws.sageMaker.failNext(2 * ExecutionFollower.MAX_FAILED_POLLS, 500);
        AwsFakes.Run run = build.get();

        assertEquals(3, run.exitCode(), run.err());
        String reason = (String) run.json().get("failure_reason");
        assertTrue(reason.startsWith("lost contact with SageMaker after 10 failed polls"), reason);
        assertTrue(reason.contains("mlops build --attach " + run.json().get("execution_arn")), reason);
        AwsFakes.Run attached = aws.cli("build", "--attach", (String) run.json().get("execution_arn"));
        assertEquals(0, attached.exitCode(), attached.err());
    }

    private long faults(String type) {
        return aws.sageMaker.requests().stream().filter(r -> r.injectedFault().equals(Optional.of(type))).count();
    }

    @Test
    void timeoutExitsThreeWithTheArnAndAttachFinishesTheSameExecution() {
        aws.sageMaker.ticksPerStep(1_000_000);

        AwsFakes.Run waited = aws.build("--timeout", "300ms");

        assertEquals(3, waited.exitCode(), waited.err());
        Map<String, Object> result = waited.json();
        assertEquals("Executing", result.get("status"));
        String arn = (String) result.get("execution_arn");
        assertTrue(((String) result.get("failure_reason")).contains("mlops build --attach " + arn), result.toString());
        assertTrue(waited.err().contains("--attach " + arn), waited.err());

        aws.sageMaker.ticksPerStep(1);
        AwsFakes.Run attached = aws.cli("build", "--attach", arn);

        assertEquals(0, attached.exitCode(), attached.err());
        assertEquals(arn, attached.json().get("execution_arn"));
        assertEquals("Succeeded", attached.json().get("status"));
        assertEquals(AwsFakes.COMMIT, attached.json().get("commit"), "the commit comes back from the execution's description");
        assertEquals(1, ((Map<?, ?>) attached.json().get("model_package")).get("version"));
        assertEquals(0.97, ((Map<?, ?>) attached.json().get("metrics")).get("auc"));
        assertEquals(1, aws.sageMaker.requests("StartPipelineExecution").size());
    }

    @Test
    void attachToAnUnknownExecutionIsAnInputError() {
        AwsFakes.Run run = aws.cli("build", "--attach",
                "arn:aws:sagemaker:us-east-1:123456789012:pipeline/" + AwsFakes.PIPELINE + "/execution/nosuchexec01");

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("SageMaker has no such execution"), run.err());
        assertTrue(aws.sageMaker.requests().stream().map(RecordedRequest::operation)
                .noneMatch("StartPipelineExecution"::equals));
    }
}
