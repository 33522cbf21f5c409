package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** Typed parameter values of one execution: the given string values, else the defaults. */
final class ExecutionParameters {
    private ExecutionParameters() {
    }

    static Map<String, JsonNode> resolve(PipelineDefinition definition, JsonNode given) {
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode parameter : given) {
            values.put(Json.required(parameter, "Name"), Json.text(parameter, "Value").orElse(""));
        }
        TreeSet<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(definition.parameters().keySet());
        if (!unknown.isEmpty()) {
            throw ApiError.validation("Pipeline parameter(s) " + unknown + " are not defined in the pipeline definition");
        }
        Map<String, JsonNode> resolved = new LinkedHashMap<>();
        for (PipelineDefinition.ParameterSpec spec : definition.parameters().values()) {
            String value = values.get(spec.name());
            JsonNode typed = value != null ? typed(spec, value) : spec.defaultValue().orElseThrow(() ->
                    ApiError.validation("Pipeline parameter " + spec.name() + " has no default value and was not given"));
            resolved.put(spec.name(), typed);
        }
        return resolved;
    }

    private static JsonNode typed(PipelineDefinition.ParameterSpec spec, String value) {
        try {
            return switch (spec.type()) {
                case "Integer" -> LongNode.valueOf(Long.parseLong(value));
                case "Float" -> DoubleNode.valueOf(Double.parseDouble(value));
                case "Boolean" -> BooleanNode.valueOf(booleanValue(value));
                default -> TextNode.valueOf(value);
            };
        } catch (IllegalArgumentException e) {
            throw ApiError.validation("Pipeline parameter " + spec.name() + " expects a value of type "
                    + spec.type() + ", got '" + value + "'");
        }
    }

    private static boolean booleanValue(String value) {
        if (!"true".equalsIgnoreCase(value) && !"false".equalsIgnoreCase(value)) {
            throw new IllegalArgumentException(value);
        }
        return Boolean.parseBoolean(value);
    }
}
