package dev.mlops.aws;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.Parameter;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionSummary;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;
import software.amazon.awssdk.services.sagemaker.model.SortPipelineExecutionsBy;
import software.amazon.awssdk.services.sagemaker.model.StartPipelineExecutionRequest;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/** Creates or updates the pipeline, then starts (or, for a known token, finds again) its execution. */
final class PipelineLauncher {
    /** What to start; {@code version} pins the definition this build uploaded, when SageMaker reported it. */
    record Start(String pipeline, String token, String displayName, String description,
                 Map<String, String> parameters, Optional<Long> version) {
    }

    /** How far back a restarted build looks for its execution; older ones are found by their token. */
    private static final int RECENT = 100;

    private final SageMakerClient sageMaker;

    PipelineLauncher(SageMakerClient sageMaker) {
        this.sageMaker = sageMaker;
    }

    /**
     * Makes the pipeline hold {@code definition}: CreatePipeline if it does not exist (a creation
     * race lost to another build turns into an update), else UpdatePipeline and AddTags (an update
     * takes no tags). Returns the pipeline version to start, when SageMaker says it.
     */
    Optional<Long> upsert(String pipeline, String definition, String roleArn, Map<String, String> tags) {
        List<Tag> tagList = tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                .toList();
        try {
            if (!exists(pipeline)) {
                try {
                    sageMaker.createPipeline(b -> b.pipelineName(pipeline).pipelineDefinition(definition).roleArn(roleArn)
                            .tags(tagList).clientRequestToken(ExecutionNames.uuidOf("mlops-create/v1\n" + pipeline + "\n" + definition)));
                    return Optional.empty();
                } catch (SdkException e) {
                    if (!AwsErrors.isAlreadyExists(e)) {
                        throw e;
                    }
                }
            }
            Long version = sageMaker.updatePipeline(b -> b.pipelineName(pipeline).pipelineDefinition(definition)
                    .roleArn(roleArn)).pipelineVersionId();
            String arn = sageMaker.describePipeline(b -> b.pipelineName(pipeline)).pipelineArn();
            sageMaker.addTags(b -> b.resourceArn(arn).tags(tagList));
            return Optional.ofNullable(version);
        } catch (SdkException e) {
            throw AwsErrors.translate("create or update pipeline " + pipeline, e);
        }
    }

    /** The execution's ARN; the same token always answers the same execution, however often asked. */
    String start(Start start) {
        StartPipelineExecutionRequest.Builder request = StartPipelineExecutionRequest.builder()
                .pipelineName(start.pipeline())
                .clientRequestToken(start.token())
                .pipelineExecutionDisplayName(start.displayName())
                .pipelineExecutionDescription(start.description())
                .pipelineParameters(start.parameters().entrySet().stream()
                        .map(p -> Parameter.builder().name(p.getKey()).value(p.getValue()).build()).toList());
        start.version().ifPresent(request::pipelineVersionId);
        try {
            return sageMaker.startPipelineExecution(request.build()).pipelineExecutionArn();
        } catch (SdkException e) {
            throw AwsErrors.translate("start an execution of pipeline " + start.pipeline(), e);
        }
    }

    /**
     * An execution of {@code pipeline} with this display name among the most recent ones: the one a
     * controller killed after starting it left behind. Empty when the pipeline does not exist yet.
     */
    Optional<String> findRecent(String pipeline, String displayName) {
        try {
            return sageMaker.listPipelineExecutionsPaginator(b -> b.pipelineName(pipeline)
                            .sortBy(SortPipelineExecutionsBy.CREATION_TIME).sortOrder(SortOrder.DESCENDING).maxResults(50))
                    .pipelineExecutionSummaries().stream().limit(RECENT)
                    .filter(e -> displayName.equals(e.pipelineExecutionDisplayName()))
                    .map(PipelineExecutionSummary::pipelineExecutionArn).findFirst();
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw AwsErrors.translate("list executions of pipeline " + pipeline, e);
        }
    }

    private boolean exists(String pipeline) {
        try {
            sageMaker.describePipeline(b -> b.pipelineName(pipeline));
            return true;
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return false;
            }
            throw e;
        }
    }
}
