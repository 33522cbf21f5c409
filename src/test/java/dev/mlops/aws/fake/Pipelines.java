package dev.mlops.aws.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStatus;

/** Test helpers around the model-build pipeline definition in the test resources. */
final class Pipelines {
    static final String NAME = "end-to-end-ml-sm-pipeline";
    static final String ROLE = "arn:aws:iam::123456789012:role/MlopsSageMakerExecution";
    static final String GROUP = "end-to-end-ml-sm-model-package-group";
    private static final Set<PipelineExecutionStatus> ENDED = Set.of(PipelineExecutionStatus.SUCCEEDED,
            PipelineExecutionStatus.FAILED, PipelineExecutionStatus.STOPPED);
    /** Far more polls than the six-step pipeline needs; a loop that never ends is a bug to report. */
    private static final int MAX_POLLS = 200;

    private Pipelines() {
    }

    static String definition() {
        try (InputStream in = Pipelines.class.getResourceAsStream("model-build-pipeline.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String create(SageMakerClient client) {
        return client.createPipeline(b -> b.pipelineName(NAME).roleArn(ROLE).pipelineDefinition(definition())
                .clientRequestToken(token("create"))).pipelineArn();
    }

    /** A 32+ character idempotency token derived from what the call is for, as the controller derives them. */
    static String token(String purpose) {
        String token = "mlops-" + purpose + "-0123456789abcdef0123456789abcdef";
        return token.substring(0, Math.min(token.length(), 128));
    }

    /** Polls DescribePipelineExecution (each poll is one tick) until it ends; returns every status seen. */
    static List<DescribePipelineExecutionResponse> pollToEnd(SageMakerClient client, String executionArn) {
        List<DescribePipelineExecutionResponse> seen = new ArrayList<>();
        for (int i = 0; i < MAX_POLLS; i++) {
            DescribePipelineExecutionResponse described =
                    client.describePipelineExecution(b -> b.pipelineExecutionArn(executionArn));
            seen.add(described);
            if (ENDED.contains(described.pipelineExecutionStatus())) {
                return seen;
            }
        }
        throw new AssertionError("execution did not end after " + MAX_POLLS + " polls: " + executionArn);
    }
}
