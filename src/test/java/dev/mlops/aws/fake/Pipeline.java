package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/** A pipeline: its current definition, version and the fields DescribePipeline returns. */
final class Pipeline {
    private final String name;
    private final String arn;
    private final Instant created;
    private final Optional<String> creationToken;
    private final ObjectNode fields = Json.object();
    private PipelineDefinition definition;
    private long versionId = 1;
    private Optional<Instant> lastRun = Optional.empty();

    Pipeline(JsonNode createRequest, PipelineDefinition definition, Instant created) {
        this.name = createRequest.get("PipelineName").asText();
        this.arn = Arns.of("pipeline", name);
        this.created = created;
        this.creationToken = Json.text(createRequest, "ClientRequestToken");
        this.definition = definition;
        apply(createRequest, created);
    }

    String name() {
        return name;
    }

    String arn() {
        return arn;
    }

    Optional<String> creationToken() {
        return creationToken;
    }

    PipelineDefinition definition() {
        return definition;
    }

    long versionId() {
        return versionId;
    }

    Instant created() {
        return created;
    }

    boolean matches(String nameOrArn) {
        return Arns.isArn(nameOrArn) ? arn.equalsIgnoreCase(nameOrArn) : name.equals(nameOrArn);
    }

    void update(JsonNode request, Optional<PipelineDefinition> newDefinition, Instant now) {
        newDefinition.ifPresent(d -> definition = d);
        versionId++;
        apply(request, now);
    }

    void ran(Instant at) {
        lastRun = Optional.of(at);
    }

    ObjectNode describe() {
        ObjectNode out = fields.deepCopy();
        out.put("PipelineArn", arn).put("PipelineName", name).put("PipelineStatus", "Active");
        out.set("CreationTime", Json.time(created));
        lastRun.ifPresent(t -> out.set("LastRunTime", Json.time(t)));
        return out;
    }

    ObjectNode summary() {
        ObjectNode out = Json.object();
        Json.copy(describe(), out, "PipelineArn", "PipelineName", "PipelineDisplayName", "PipelineDescription",
                "RoleArn", "CreationTime", "LastModifiedTime");
        lastRun.ifPresent(t -> out.set("LastExecutionTime", Json.time(t)));
        return out;
    }

    private void apply(JsonNode request, Instant now) {
        Json.copy(request, fields, "PipelineDefinition", "PipelineDisplayName", "PipelineDescription", "RoleArn",
                "ParallelismConfiguration");
        if (!fields.has("PipelineDisplayName")) {
            fields.put("PipelineDisplayName", name);
        }
        fields.set("LastModifiedTime", Json.time(now));
    }
}
