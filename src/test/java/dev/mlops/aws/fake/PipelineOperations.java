package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Pipelines (create, update, describe, list) and the generic AddTags/ListTags. */
final class PipelineOperations {
    private final VirtualClock clock;
    private final TagStore tags;
    private final Map<String, Pipeline> pipelines = new LinkedHashMap<>();

    PipelineOperations(VirtualClock clock, TagStore tags) {
        this.clock = clock;
        this.tags = tags;
    }

    void register(Map<String, Operation> operations) {
        operations.put("CreatePipeline", this::create);
        operations.put("UpdatePipeline", this::update);
        operations.put("DescribePipeline", r -> pipeline(Json.required(r, "PipelineName")).describe());
        operations.put("ListPipelines", this::list);
        operations.put("AddTags", this::addTags);
        operations.put("ListTags", r -> Json.object().set("Tags", tags.list(Json.required(r, "ResourceArn"))));
    }

    /** SageMaker answers a missing pipeline with ResourceNotFound. */
    Pipeline pipeline(String nameOrArn) {
        return pipelines.values().stream().filter(p -> p.matches(nameOrArn)).findFirst()
                .orElseThrow(() -> ApiError.notFound("Pipeline '"
                        + (Arns.isArn(nameOrArn) ? nameOrArn : Arns.of("pipeline", nameOrArn)) + "' does not exist."));
    }

    private JsonNode create(JsonNode request) {
        String name = Json.required(request, "PipelineName");
        Json.required(request, "RoleArn");
        Optional<String> token = Json.text(request, "ClientRequestToken");
        token.ifPresent(t -> Tokens.check(t, "clientRequestToken"));
        Pipeline existing = pipelines.get(name);
        if (existing != null) {
            if (token.isPresent() && token.equals(existing.creationToken())) {
                return Json.object().put("PipelineArn", existing.arn());
            }
            throw ApiError.validation("Pipeline names must be unique within an AWS account and region. Pipeline with"
                    + " name (" + name + ") already exists.");
        }
        PipelineDefinition definition = PipelineDefinition.parse(definitionText(request)
                .orElseThrow(() -> ApiError.validation("the fake needs an inline PipelineDefinition")));
        Pipeline pipeline = new Pipeline(request, definition, clock.stamp());
        pipelines.put(name, pipeline);
        tags.register(pipeline.arn(), request.path("Tags"));
        return Json.object().put("PipelineArn", pipeline.arn());
    }

    private JsonNode update(JsonNode request) {
        Pipeline pipeline = pipeline(Json.required(request, "PipelineName"));
        Optional<PipelineDefinition> definition = definitionText(request).map(PipelineDefinition::parse);
        pipeline.update(request, definition, clock.stamp());
        return Json.object().put("PipelineArn", pipeline.arn()).put("PipelineVersionId", pipeline.versionId());
    }

    private JsonNode list(JsonNode request) {
        String prefix = Json.text(request, "PipelineNamePrefix").orElse("");
        Comparator<Pipeline> order = "Name".equals(Json.text(request, "SortBy").orElse("CreationTime"))
                ? Comparator.comparing(Pipeline::name) : Comparator.comparing(Pipeline::created);
        if (!"Ascending".equals(Json.text(request, "SortOrder").orElse("Descending"))) {
            order = order.reversed();
        }
        List<Pipeline> matching = pipelines.values().stream()
                .filter(p -> p.name().startsWith(prefix)).sorted(order).toList();
        return Page.write(new Page.PageRequest<>(matching, "PipelineSummaries", Pipeline::summary, 10),
                request, Json.object());
    }

    private JsonNode addTags(JsonNode request) {
        String arn = Json.required(request, "ResourceArn");
        tags.add(arn, request.path("Tags"));
        return Json.object().set("Tags", tags.list(arn));
    }

    private static Optional<String> definitionText(JsonNode request) {
        return Json.text(request, "PipelineDefinition");
    }
}
