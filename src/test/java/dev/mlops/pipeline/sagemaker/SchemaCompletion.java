package dev.mlops.pipeline.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * What the official definition schema (the latest of aws-sagemaker-mlops/
 * sagemaker-model-building-pipeline-definition-JSON-schema) lacks although SageMaker accepts it
 * and the SageMaker Python SDK emits it. Each completion adds exactly one construct, so the
 * schema test can prove each is needed and that nothing else deviates from the schema.
 */
enum SchemaCompletion {
    /** A Processing step's PropertyFiles, which Std:JsonGet reads (SDK: ProcessingStep property_files). */
    PROPERTY_FILES(schema -> {
        ObjectNode file = object("object");
        ObjectNode properties = file.putObject("properties");
        for (String key : new String[] {"PropertyFileName", "OutputName", "FilePath"}) {
            properties.putObject(key).put("type", "string");
            file.withArray("required").add(key);
        }
        file.put("additionalProperties", false);
        ObjectNode array = object("array");
        array.set("items", file);
        step(schema, "ProcessingStep").set("PropertyFiles", array);
    }),
    /** Std:Join wherever text is taken: the schema defines JoinFunction (malformed) but never uses it. */
    JOIN(schema -> {
        ObjectNode body = object("object");
        body.putObject("properties").putObject("On").put("type", "string");
        ObjectNode values = ((ObjectNode) body.get("properties")).putObject("Values");
        values.put("type", "array");
        ArrayNode items = values.putObject("items").putArray("oneOf");
        items.addObject().put("type", "string");
        items.addObject().put("$ref", "#/definitions/GetFunction");
        body.putArray("required").add("Values");
        body.put("additionalProperties", false);
        definitions(schema).set("JoinFunction", function("Std:Join", body));
        ((ArrayNode) definitions(schema).path("StringArgumentValue").path("oneOf")).addObject()
                .put("$ref", "#/definitions/JoinFunction");
    }),
    /** Std:JsonGet on a property file as a condition operand (SDK: JsonGet). */
    JSON_GET(schema -> {
        ObjectNode body = object("object");
        ObjectNode properties = body.putObject("properties");
        properties.putObject("PropertyFile").put("$ref", "#/definitions/GetFunction");
        properties.putObject("Path").put("type", "string");
        body.putArray("required").add("PropertyFile").add("Path");
        body.put("additionalProperties", false);
        definitions(schema).set("JsonGetFunction", function("Std:JsonGet", body));
        for (String side : new String[] {"LeftValue", "RightValue"}) {
            ((ArrayNode) definitions(schema).path("BinaryCondition").path("properties").path(side).path("anyOf"))
                    .addObject().put("$ref", "#/definitions/JsonGetFunction");
        }
    }),
    /** RegisterModel's ModelApprovalStatus (CreateModelPackage). */
    APPROVAL_STATUS(schema -> registerArguments(schema).putObject("ModelApprovalStatus")
            .put("$ref", "#/definitions/StringArgumentValue")),
    /** RegisterModel's CustomerMetadataProperties (CreateModelPackage; SDK: customer_metadata_properties). */
    CUSTOMER_METADATA(schema -> {
        ObjectNode metadata = object("object");
        metadata.putObject("additionalProperties").put("$ref", "#/definitions/StringArgumentValue");
        registerArguments(schema).set("CustomerMetadataProperties", metadata);
    }),
    /** A model package container's Environment (ModelPackageContainerDefinition). */
    CONTAINER_ENVIRONMENT(schema -> {
        ObjectNode environment = object("object");
        environment.putObject("additionalProperties").put("$ref", "#/definitions/StringArgumentValue");
        ((ObjectNode) registerArguments(schema).path("InferenceSpecification").path("properties").path("Containers")
                .path("items").path("properties")).set("Environment", environment);
    });

    private final Consumer<ObjectNode> change;

    SchemaCompletion(Consumer<ObjectNode> change) {
        this.change = change;
    }

    /** A copy of {@code official} with the given completions applied. */
    static ObjectNode complete(JsonNode official, Iterable<SchemaCompletion> completions) {
        ObjectNode schema = official.deepCopy();
        completions.forEach(c -> c.change.accept(schema));
        return schema;
    }

    private static ObjectNode definitions(ObjectNode schema) {
        return (ObjectNode) schema.path("definitions");
    }

    private static ObjectNode step(ObjectNode schema, String step) {
        return (ObjectNode) definitions(schema).path(step).path("properties");
    }

    private static ObjectNode registerArguments(ObjectNode schema) {
        return (ObjectNode) step(schema, "RegisterModelStep").path("Arguments").path("properties");
    }

    private static ObjectNode function(String name, ObjectNode body) {
        ObjectNode function = object("object");
        function.putObject("properties").set(name, body);
        function.putArray("required").add(name);
        function.put("additionalProperties", false);
        return function;
    }

    private static ObjectNode object(String type) {
        return JsonNodeFactory.instance.objectNode().put("type", type);
    }
}
