package dev.mlops.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.InputException;
import dev.mlops.deploy.DeploymentPolicy;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.deploy.ModelRef;
import dev.mlops.spec.CaptureLimits;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON of the local endpoint files: configs, deploy requests and status, in snake_case. */
final class EndpointJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EndpointJson() {
    }

    static ObjectNode config(EndpointConfig c) {
        ObjectNode node = JSON.createObjectNode();
        node.put("endpoint_name", c.endpointName()).put("config_name", c.configName()).put("env", c.env());
        ObjectNode model = node.putObject("model");
        model.put("group", c.model().group()).put("version", c.model().version()).put("arn", c.model().arn());
        c.model().artifacts().forEach(model.putObject("artifacts")::put);
        node.put("instance_type", c.instanceType()).put("instance_count", c.instanceCount())
                .put("data_capture_percent", c.dataCapturePercent());
        CaptureLimits limits = c.captureLimits();
        node.putObject("data_capture_limits").put("max_payload_bytes", limits.maxPayloadBytes())
                .put("max_file_bytes", limits.maxFileBytes()).put("max_total_bytes", limits.maxTotalBytes())
                .put("rotate_seconds", limits.rotateAfter().toSeconds());
        ObjectNode policy = node.putObject("policy");
        policy.put("strategy", c.policy().strategy()).put("wait_seconds", c.policy().waitSeconds());
        c.policy().sizePercent().ifPresent(size -> policy.put("size_percent", size));
        c.policy().alarms().forEach(policy.putArray("alarms")::add);
        policy.put("termination_wait_seconds", c.policy().terminationWaitSeconds())
                .put("max_execution_seconds", c.policy().maxExecutionSeconds());
        return node;
    }

    static EndpointConfig config(JsonNode node, String source) {
        JsonNode model = required(node, "model", source);
        JsonNode policy = required(node, "policy", source);
        Map<String, String> artifacts = new LinkedHashMap<>();
        required(model, "artifacts", source).properties().forEach(e -> artifacts.put(e.getKey(), e.getValue().asText()));
        List<String> alarms = new ArrayList<>();
        policy.path("alarms").forEach(alarm -> alarms.add(alarm.asText()));
        Optional<Integer> size = policy.has("size_percent") ? Optional.of(policy.get("size_percent").asInt()) : Optional.empty();
        return new EndpointConfig(text(node, "endpoint_name", source), text(node, "config_name", source),
                text(node, "env", source),
                new ModelRef(text(model, "group", source), required(model, "version", source).asInt(),
                        text(model, "arn", source), artifacts),
                text(node, "instance_type", source), required(node, "instance_count", source).asInt(),
                required(node, "data_capture_percent", source).asInt(),
                new DeploymentPolicy(text(policy, "strategy", source), required(policy, "wait_seconds", source).asInt(),
                        size, alarms, policy.path("termination_wait_seconds").asInt(0),
                        policy.path("max_execution_seconds").asInt(DeploymentPolicy.DEFAULT_EXECUTION_SECONDS)),
                captureLimits(node.path("data_capture_limits"), source));
    }

    /** Configs written before capture had limits have none: they get the defaults. */
    private static CaptureLimits captureLimits(JsonNode node, String source) {
        if (!node.isObject()) {
            return CaptureLimits.DEFAULTS;
        }
        try {
            return new CaptureLimits(required(node, "max_payload_bytes", source).asLong(),
                    required(node, "max_file_bytes", source).asLong(), required(node, "max_total_bytes", source).asLong(),
                    Duration.ofSeconds(required(node, "rotate_seconds", source).asLong()));
        } catch (IllegalArgumentException e) {
            throw new InputException("cannot read " + source + ": field 'data_capture_limits': " + e.getMessage(), e);
        }
    }

    static String request(ConfigRequest request) {
        ObjectNode node = JSON.createObjectNode();
        node.put("generation", request.generation()).put("requested_at", request.requestedAt().toString());
        node.set("config", config(request.config()));
        return write(node);
    }

    static ConfigRequest request(String json, String source) {
        JsonNode node = parse(json, source);
        return new ConfigRequest(config(required(node, "config", source), source),
                required(node, "generation", source).asLong(), instant(node, "requested_at", source));
    }

    static String status(EndpointStatusFile s) {
        ObjectNode node = JSON.createObjectNode();
        node.put("status", s.status().name());
        s.liveConfigName().ifPresent(v -> node.put("live_config_name", v));
        s.liveVersion().ifPresent(v -> node.put("live_version", v));
        s.handledRequest().ifPresent(v -> node.put("handled_request", v));
        s.lastGoodConfigName().ifPresent(v -> node.put("last_good_config_name", v));
        s.failureReason().ifPresent(v -> node.put("failure_reason", v));
        node.put("updated_at", s.updatedAt().toString());
        return write(node);
    }

    static EndpointStatusFile status(String json, String source) {
        JsonNode node = parse(json, source);
        return new EndpointStatusFile(EndpointStatus.parse(text(node, "status", source)),
                optionalText(node, "live_config_name"),
                node.has("live_version") ? Optional.of(node.get("live_version").asInt()) : Optional.empty(),
                optionalText(node, "handled_request"), optionalText(node, "last_good_config_name"),
                optionalText(node, "failure_reason"), instant(node, "updated_at", source));
    }

    static String write(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    static JsonNode parse(String json, String source) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new InputException("cannot read " + source + ": expected a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new InputException("cannot read " + source + ": malformed JSON at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }

    private static JsonNode required(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new InputException("cannot read " + source + ": field '" + field + "' is missing");
        }
        return value;
    }

    private static String text(JsonNode node, String field, String source) {
        return required(node, field, source).asText();
    }

    private static Optional<String> optionalText(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asText()) : Optional.empty();
    }

    private static Instant instant(JsonNode node, String field, String source) {
        try {
            return Instant.parse(text(node, field, source));
        } catch (DateTimeParseException e) {
            throw new InputException("cannot read " + source + ": field '" + field + "' is not an ISO-8601 instant");
        }
    }
}
