package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Models, endpoint configs and endpoints. Describing an endpoint answers its state, then ticks it. Missing
 * resources are ValidationExceptions with SageMaker's "Could not find ..." wording.
 */
final class EndpointOperations {
    private final VirtualClock clock;
    private final TagStore tags;
    private final Map<String, ObjectNode> models = new LinkedHashMap<>();
    private final Map<String, ObjectNode> configs = new LinkedHashMap<>();
    private final Map<String, Endpoint> endpoints = new LinkedHashMap<>();
    private final Set<String> rollBackNext = new HashSet<>();
    private int ticksPerChange = 2;

    EndpointOperations(VirtualClock clock, TagStore tags) {
        this.clock = clock;
        this.tags = tags;
    }

    void register(Map<String, Operation> operations) {
        operations.put("CreateModel", r -> create(models, "model", "ModelName", r));
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

    void rollBackNextUpdate(String endpointName) {
        rollBackNext.add(endpointName);
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
        Endpoint endpoint = new Endpoint(name, config, clock.stamp(), ticksPerChange);
        endpoints.put(name, endpoint);
        tags.register(endpoint.arn(), request.path("Tags"));
        return Json.object().put("EndpointArn", endpoint.arn());
    }

    /** Only one change at a time: an endpoint that is not InService refuses updates. */
    private JsonNode updateEndpoint(JsonNode request) {
        Endpoint endpoint = endpoint(Json.required(request, "EndpointName"));
        String config = existingConfig(request);
        if (!"InService".equals(endpoint.status())) {
            throw ApiError.validation("Cannot update in-progress endpoint \"" + endpoint.arn() + "\".");
        }
        boolean rollBack = rollBackNext.remove(endpoint.name());
        endpoint.update(new Endpoint.Update(config, request.path("DeploymentConfig"), rollBack), clock.stamp(),
                ticksPerChange);
        return Json.object().put("EndpointArn", endpoint.arn());
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
