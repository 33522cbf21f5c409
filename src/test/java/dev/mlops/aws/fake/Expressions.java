package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Resolves the pipeline definition's expression objects against an execution: {@code Get}
 * (Parameters, Execution, Steps), {@code Std:Join} and {@code Std:JsonGet}.
 */
final class Expressions {
    private final Scope scope;

    Expressions(Scope scope) {
        this.scope = scope;
    }

    /** A deep copy of {@code node} with every expression replaced by its value. */
    JsonNode resolve(JsonNode node) {
        if (node.isObject()) {
            if (node.size() == 1 && node.has("Get")) {
                return get(node.get("Get").asText());
            }
            if (node.size() == 1 && node.has("Std:Join")) {
                return join(node.get("Std:Join"));
            }
            if (node.size() == 1 && node.has("Std:JsonGet")) {
                return jsonGet(node.get("Std:JsonGet"));
            }
            ObjectNode copy = Json.object();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(field.getKey(), resolve(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.array();
            node.forEach(element -> copy.add(resolve(element)));
            return copy;
        }
        return node.deepCopy();
    }

    private JsonNode get(String reference) {
        int dot = reference.indexOf('.');
        String root = dot < 0 ? reference : reference.substring(0, dot);
        String rest = dot < 0 ? "" : reference.substring(dot + 1);
        Optional<JsonNode> value = switch (root) {
            case "Parameters" -> scope.parameter(rest);
            case "Execution" -> scope.executionVariable(rest);
            case "Steps" -> {
                String step = References.stepName(reference);
                String path = rest.substring(step.length());
                yield scope.stepProperties(step).flatMap(p -> navigate(p, path));
            }
            default -> Optional.empty();
        };
        return value.orElseThrow(() -> new StepFailure("cannot resolve {\"Get\": \"" + reference + "\"}"));
    }

    private JsonNode join(JsonNode spec) {
        String on = spec.path("On").asText("");
        List<String> parts = new ArrayList<>();
        spec.path("Values").forEach(v -> parts.add(resolve(v).asText()));
        return TextNode.valueOf(String.join(on, parts));
    }

    private JsonNode jsonGet(JsonNode spec) {
        JsonNode file = spec.path("PropertyFile");
        String fileName = file.isTextual() ? file.asText() : lastSegment(file.path("Get").asText());
        String path = resolve(spec.path("Path")).asText();
        JsonNode document = scope.propertyFile(fileName)
                .orElseThrow(() -> new StepFailure("property file " + fileName + " has not been produced"));
        return navigate(document, path).orElseThrow(() -> new StepFailure(
                "cannot find path '" + path + "' in property file " + fileName));
    }

    private static String lastSegment(String get) {
        return get.substring(get.lastIndexOf('.') + 1);
    }

    /**
     * Follows a property path such as {@code .ProcessingOutputConfig.Outputs['evaluation'].S3Output.S3Uri};
     * a quoted key on a list selects the element whose OutputName/ChannelName/Name matches it.
     */
    static Optional<JsonNode> navigate(JsonNode start, String path) {
        JsonNode node = start;
        for (String segment : PropertyPath.segments(path)) {
            node = PropertyPath.step(node, segment);
            if (node.isMissingNode() || node.isNull()) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }
}
