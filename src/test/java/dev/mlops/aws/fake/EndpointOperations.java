package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Models, endpoint configs and endpoints. Describing an endpoint answers its state, then ticks it. Missing
 * resources are ValidationExceptions with SageMaker's "Could not find ..." wording. How an endpoint's next
 * change ends is scripted per endpoint name ({@link #script}); unscripted changes succeed.
 */
final class EndpointOperations {
    private final VirtualClock clock;
    private final TagStore tags;
    private final Map<String, ObjectNode> models = new LinkedHashMap<>();
    private final Map<String, ObjectNode> configs = new LinkedHashMap<>();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final Map<String, Deque<Endpoint.Script>> scripts = new HashMap<>();
    private int ticksPerChange = 2;

    EndpointOperations(VirtualClock clock, TagStore tags) {
        this.clock = clock;
        this.tags = tags;
    }

    void register(Map<String, Operation> operations) {
        operations.put("CreateModel", this::createModel);
        operations.put("ListEndpointConfigs", this::listConfigs);
        operations.put("ListEndpoints", this::listEndpoints);
        operations.put("DescribeModel", r -> find(models, "model", "ModelName", r).deepCopy());
        operations.put("DeleteModel", r -> delete(models, "model", "ModelName", r));
        operations.put("CreateEndpointConfig", this::createConfig);
        operations.put("DescribeEndpointConfig",
                r -> find(configs, "endpoint configuration", "EndpointConfigName", r).deepCopy());
        operations.put("DeleteEndpointConfig", r -> delete(configs, "endpoint configuration", "EndpointConfigName", r));
        operations.put("CreateEndpoint", this::createEndpoint);
        operations.put("UpdateEndpoint", this::updateEndpoint);
        operations.put("DescribeEndpoint", this::describeEndpoint);
        operations.put("DeleteEndpoint", this::deleteEndpoint);
    }

    void ticksPerChange(int ticks) {
        if (ticks < 1) {
            throw new IllegalArgumentException("an endpoint change needs at least one tick, got " + ticks);
        }
        ticksPerChange = ticks;
    }

    /** The next change (creation or update) of the named endpoint ends as {@code script} says. */
    void script(String endpointName, Endpoint.Script script) {
        scripts.computeIfAbsent(endpointName, n -> new ArrayDeque<>()).add(script);
    }

    /** The endpoint, in service, goes SystemUpdating for a change's ticks (SageMaker's own maintenance). */
    void startSystemUpdate(String endpointName) {
        Endpoint endpoint = endpoint(endpointName);
        if (!"InService".equals(endpoint.status())) {
            throw new IllegalStateException("a system update starts only InService, not " + endpoint.status());
        }
        endpoint.systemUpdate(clock.stamp(), ticksPerChange);
    }

    void hurryAll() {
        endpoints.values().forEach(Endpoint::hurry);
    }

    String status(String endpointName) {
        return endpoint(endpointName).status();
    }

    /**
     * What InvokeEndpoint needs, read without ticking: the endpoint's status and the production
     * variant of the config it serves (the live one: during an update, the old config still answers).
     */
    Optional<RuntimeHandler.Serving> serving(String endpointName) {
        return Optional.ofNullable(endpoints.get(endpointName)).map(endpoint -> new RuntimeHandler.Serving(
                endpoint.status(), Json.text(configs.getOrDefault(endpoint.liveConfig(), Json.object())
                        .path("ProductionVariants").path(0), "VariantName")));
    }

    void tickAll() {
        List.copyOf(endpoints.values()).forEach(this::tick);
    }

    private JsonNode create(Map<String, ObjectNode> store, String kind, String nameField, JsonNode request) {
        String name = Json.required(request, nameField);
        String arn = Arns.of(resourceType(kind), name);
        if (store.containsKey(name)) {
            throw ApiError.validation("Cannot create already existing " + kind + " \"" + arn + "\".");
        }
        ObjectNode resource = (ObjectNode) request.deepCopy();
        resource.remove("Tags");
        resource.put(arnField(nameField), arn);
        resource.set("CreationTime", Json.time(clock.stamp()));
        store.put(name, resource);
        tags.register(arn, request.path("Tags"));
        return Json.object().put(arnField(nameField), arn);
    }

    private JsonNode createModel(JsonNode request) {
        Json.required(request, "ExecutionRoleArn");
        if (!request.path("PrimaryContainer").isObject() && request.path("Containers").size() == 0) {
            throw ApiError.validation("Either PrimaryContainer or Containers must be specified");
        }
        if (request.path("Containers").size() > 1
                && !"Serial".equals(request.path("InferenceExecutionConfig").path("Mode").asText("Serial"))) {
            throw ApiError.validation("the fake serves inference pipelines in Serial mode only");
        }
        return create(models, "model", "ModelName", request);
    }

    private JsonNode listConfigs(JsonNode request) {
        String contains = Json.text(request, "NameContains").orElse("");
        Comparator<ObjectNode> order = "Name".equals(Json.text(request, "SortBy").orElse("CreationTime"))
                ? Comparator.comparing(c -> c.get("EndpointConfigName").asText())
                : Comparator.comparing(c -> c.get("CreationTime").decimalValue());
        if (!"Ascending".equals(Json.text(request, "SortOrder").orElse("Descending"))) {
            order = order.reversed();
        }
        List<ObjectNode> matching = configs.values().stream()
                .filter(c -> c.get("EndpointConfigName").asText().contains(contains)).sorted(order).toList();
        return Page.write(new Page.PageRequest<>(matching, "EndpointConfigs", c -> Json.object()
                .put("EndpointConfigName", c.get("EndpointConfigName").asText())
                .put("EndpointConfigArn", c.get("EndpointConfigArn").asText())
                .set("CreationTime", c.get("CreationTime")), 10), request, Json.object());
    }

    private JsonNode listEndpoints(JsonNode request) {
        return Page.write(new Page.PageRequest<>(List.copyOf(endpoints.values()), "Endpoints", e -> Json.object()
                .put("EndpointName", e.name()).put("EndpointArn", e.arn()).put("EndpointStatus", e.status()), 10),
                request, Json.object());
    }

    private JsonNode createConfig(JsonNode request) {
        for (JsonNode variant : request.path("ProductionVariants")) {
            Json.text(variant, "ModelName").filter(m -> !models.containsKey(m)).ifPresent(m -> {
                throw ApiError.validation("Could not find model \"" + Arns.of("model", m) + "\".");
            });
        }
        return create(configs, "endpoint configuration", "EndpointConfigName", request);
    }

    private JsonNode createEndpoint(JsonNode request) {
        String name = Json.required(request, "EndpointName");
        String config = existingConfig(request);
        if (endpoints.containsKey(name)) {
            throw ApiError.validation("Cannot create already existing endpoint \"" + Arns.of("endpoint", name) + "\".");
        }
        Endpoint endpoint = new Endpoint(name, config, clock.stamp(), ticksPerChange, nextScript(name));
        endpoints.put(name, endpoint);
        tags.register(endpoint.arn(), request.path("Tags"));
        return Json.object().put("EndpointArn", endpoint.arn());
    }

    /** Only one change at a time: an endpoint that is changing refuses updates; a failed one can only be deleted. */
    private JsonNode updateEndpoint(JsonNode request) {
        Endpoint endpoint = endpoint(Json.required(request, "EndpointName"));
        String config = existingConfig(request);
        if ("Failed".equals(endpoint.status())) {
            throw ApiError.validation("Cannot update endpoint \"" + endpoint.arn() + "\" in Failed state;"
                    + " DeleteEndpoint is the only operation on a failed endpoint.");
        }
        if (!"InService".equals(endpoint.status()) && !"UpdateRollbackFailed".equals(endpoint.status())) {
            throw ApiError.validation("Cannot update in-progress endpoint \"" + endpoint.arn() + "\".");
        }
        int instances = configs.get(config).path("ProductionVariants").path(0).path("InitialInstanceCount").asInt(1);
        int steps = DeploymentConfigs.trafficSteps(request.path("DeploymentConfig"), instances);
        endpoint.update(new Endpoint.Update(config, request.path("DeploymentConfig"), nextScript(endpoint.name()), steps),
                clock.stamp(), ticksPerChange);
        return Json.object().put("EndpointArn", endpoint.arn());
    }

    private Endpoint.Script nextScript(String endpointName) {
        Deque<Endpoint.Script> queued = scripts.getOrDefault(endpointName, new ArrayDeque<>());
        return queued.isEmpty() ? Endpoint.Script.SERVES : queued.poll();
    }

    private JsonNode describeEndpoint(JsonNode request) {
        Endpoint endpoint = endpoint(Json.required(request, "EndpointName"));
        JsonNode described = endpoint.describe(configs.getOrDefault(endpoint.liveConfig(), Json.object()));
        clock.tick();
        tick(endpoint);
        return described;
    }

    private JsonNode deleteEndpoint(JsonNode request) {
        Endpoint endpoint = endpoint(Json.required(request, "EndpointName"));
        endpoint.delete(clock.stamp(), ticksPerChange);
        return Json.object();
    }

    private void tick(Endpoint endpoint) {
        if (endpoint.tick(clock.now(), ticksPerChange)) {
            endpoints.remove(endpoint.name());
            tags.forget(endpoint.arn());
        }
    }

    private String existingConfig(JsonNode request) {
        String config = Json.required(request, "EndpointConfigName");
        if (!configs.containsKey(config)) {
            throw ApiError.validation("Could not find endpoint configuration \""
                    + Arns.of("endpoint-config", config) + "\".");
        }
        return config;
    }

    private Endpoint endpoint(String name) {
        Endpoint endpoint = endpoints.get(name);
        if (endpoint == null) {
            throw ApiError.validation("Could not find endpoint \"" + Arns.of("endpoint", name) + "\".");
        }
        return endpoint;
    }

    private static ObjectNode find(Map<String, ObjectNode> store, String kind, String nameField, JsonNode request) {
        String name = Json.required(request, nameField);
        ObjectNode resource = store.get(name);
        if (resource == null) {
            throw ApiError.validation("Could not find " + kind + " \"" + Arns.of(resourceType(kind), name) + "\".");
        }
        return resource;
    }

    private JsonNode delete(Map<String, ObjectNode> store, String kind, String nameField, JsonNode request) {
        ObjectNode resource = find(store, kind, nameField, request);
        store.remove(request.get(nameField).asText());
        tags.forget(resource.get(arnField(nameField)).asText());
        return Json.object();
    }

    private static String resourceType(String kind) {
        return "model".equals(kind) ? "model" : "endpoint-config";
    }

    private static String arnField(String nameField) {
        return nameField.replace("Name", "Arn");
    }
}
