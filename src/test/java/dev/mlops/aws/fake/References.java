package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** Finds the {@code Get} references inside a definition fragment. */
final class References {
    private References() {
    }

    /** Adds every step that {@code node} reads from, by {@code Steps.X} or by property-file name. */
    static void steps(JsonNode node, Map<String, String> propertyFileOwners, Set<String> out) {
        if (node.isObject()) {
            Json.text(node, "Get").filter(g -> g.startsWith("Steps.")).ifPresent(g -> out.add(stepName(g)));
            JsonNode file = node.path("PropertyFile");
            if (file.isTextual() && propertyFileOwners.containsKey(file.asText())) {
                out.add(propertyFileOwners.get(file.asText()));
            }
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            steps(it.next(), propertyFileOwners, out);
        }
    }

    static Set<String> parameters(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        collectParameters(node, names);
        return names;
    }

    private static void collectParameters(JsonNode node, Set<String> out) {
        Json.text(node, "Get").filter(g -> g.startsWith("Parameters."))
                .ifPresent(g -> out.add(g.substring("Parameters.".length())));
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collectParameters(it.next(), out);
        }
    }

    /** {@code Steps.Train.ModelArtifacts...} -> {@code Train}. */
    static String stepName(String get) {
        String rest = get.substring("Steps.".length());
        int end = rest.length();
        for (int i = 0; i < rest.length(); i++) {
            if (rest.charAt(i) == '.' || rest.charAt(i) == '[') {
                end = i;
                break;
            }
        }
        return rest.substring(0, end);
    }
}
