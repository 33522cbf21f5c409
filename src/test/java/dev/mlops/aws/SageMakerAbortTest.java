package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.aws.fake.RecordedRequest;
import dev.mlops.pipeline.RunOptions.AbortAction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionSummary;

/**
 * What an interrupted controller leaves behind: SIGTERM (a Jenkins abort) stops the execution,
 * SIGKILL (a lost agent) leaves it running and the rerun of the same commit follows it instead
 * of starting another. The CLI runs in a child JVM so a real signal reaches a real JVM.
 */
class SageMakerAbortTest {
    @TempDir
    Path dir;
    AwsFakes aws;

    @BeforeEach
    void start() {
        aws = AwsFakes.start(dir);
        aws.sageMaker.evaluationMetrics(AwsFakes.metrics(0.97)).ticksPerStep(1_000_000);
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void sigtermStopsTheExecutionAndSaysSo() throws Exception {
        Process cli = startChild();
        aws.awaitRequests("DescribePipelineExecution", 3);

        cli.destroy();
        cli.waitFor();

        List<RecordedRequest> stops = aws.sageMaker.requests("StopPipelineExecution");
        assertEquals(1, stops.size(), stderr());
        String arn = stops.get(0).body().path("PipelineExecutionArn").asText();
        assertEquals(ExecutionNames.stopToken(arn), stops.get(0).body().path("ClientRequestToken").asText());
        assertTrue(stderr().contains("mlops: interrupted; stopping execution " + arn), stderr());
        try (AwsClients clients = aws.clients()) {
            String status = clients.sageMaker().describePipelineExecution(b -> b.pipelineExecutionArn(arn))
                    .pipelineExecutionStatusAsString();
            assertTrue(status.equals("Stopping") || status.equals("Stopped"), status);
        }
    }

    @Test
    void killedControllerIsFollowedAgainByTheRerunAndNothingStartsTwice() throws Exception {
        Process cli = startChild();
        aws.awaitRequests("DescribePipelineExecution", 3);

        cli.destroyForcibly();
        cli.waitFor();
        aws.sageMaker.ticksPerStep(1);
        AwsFakes.Run rerun = aws.build();

        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(rerun.err().contains("started earlier for this commit"), rerun.err());
        assertEquals(1, aws.sageMaker.requests("StartPipelineExecution").size());
        assertTrue(aws.sageMaker.requests("StopPipelineExecution").isEmpty());
        try (AwsClients clients = aws.clients()) {
            List<PipelineExecutionSummary> executions = clients.sageMaker()
                    .listPipelineExecutions(b -> b.pipelineName(AwsFakes.PIPELINE)).pipelineExecutionSummaries();
            assertEquals(1, executions.size());
            assertEquals(executions.get(0).pipelineExecutionArn(), rerun.json().get("execution_arn"));
        }
    }

    @Test
    void guardStopsTheExecutionWhenAskedTo() {
        try (AwsClients clients = aws.clients()) {
            String arn = startExecution(clients.sageMaker());
            List<String> said = new CopyOnWriteArrayList<>();

            new ExecutionGuard(clients.sageMaker(), arn, AbortAction.STOP, said::add).pausingWith(d -> { }).onAbort();

            assertEquals(1, aws.sageMaker.requests("StopPipelineExecution").size());
            assertTrue(said.get(said.size() - 1).matches("mlops: execution .* is (Stopping|Stopped)"), said.toString());
        }
    }

    @Test
    void guardLeavesTheExecutionRunningAndSaysHowToFollowIt() {
        try (AwsClients clients = aws.clients()) {
            String arn = startExecution(clients.sageMaker());
            List<String> said = new CopyOnWriteArrayList<>();

            new ExecutionGuard(clients.sageMaker(), arn, AbortAction.LEAVE, said::add).onAbort();

            assertTrue(aws.sageMaker.requests("StopPipelineExecution").isEmpty());
            assertTrue(said.get(0).contains("mlops build --attach " + arn), said.toString());
            assertEquals("Executing", clients.sageMaker().describePipelineExecution(b -> b.pipelineExecutionArn(arn))
                    .pipelineExecutionStatusAsString());
        }
    }

    @Test
    void guardSaysHowToStopItByHandWhenSageMakerRefuses() {
        aws.sageMaker.ticksPerStep(1);
        String arn = (String) aws.build().json().get("execution_arn");
        List<String> said = new CopyOnWriteArrayList<>();
        try (AwsClients clients = aws.clients()) {
            new ExecutionGuard(clients.sageMaker(), arn, AbortAction.STOP, said::add).pausingWith(d -> { }).onAbort();
        }

        assertTrue(said.get(said.size() - 1).startsWith("mlops: could not stop execution " + arn + " (ValidationException:"),
                said.toString());
        assertTrue(said.get(said.size() - 1).endsWith("--pipeline-execution-arn " + arn), said.toString());
    }

    /** A build started by the CLI itself, left running (the fake needs a million ticks per step). */
    private String startExecution(SageMakerClient client) {
        aws.build("--timeout", "1ms");
        return client.listPipelineExecutions(b -> b.pipelineName(AwsFakes.PIPELINE)).pipelineExecutionSummaries().get(0)
                .pipelineExecutionArn();
    }

    private Process startChild() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Daws.accessKeyId=AKIDTEST", "-Daws.secretAccessKey=fake-secret", "dev.mlops.cli.Main"));
        command.addAll(aws.globalArgs());
        command.addAll(List.of("build", "--pipeline", AwsFakes.SPEC.toString(), "--commit", AwsFakes.COMMIT));
        return new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }

    private String stderr() throws IOException {
        return Files.readString(dir.resolve("stderr.txt"));
    }
}
