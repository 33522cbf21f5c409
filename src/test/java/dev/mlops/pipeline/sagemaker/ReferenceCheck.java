package dev.mlops.pipeline.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that every {@code Get} of a definition resolves: parameters are declared, execution
 * variables exist, and a step reference names an earlier step and an output, property file or
 * property that step has.
 */
final class ReferenceCheck {
    private static final Set<String> EXECUTION_VARIABLES = Set.of("PipelineExecutionId", "PipelineExecutionArn",
            "StartDateTime", "CurrentDateTime", "PipelineName", "PipelineArn");
    private static final Pattern OUTPUT = Pattern.compile("ProcessingOutputConfig\\.Outputs\\['([^']+)']\\.S3Output\\.S3Uri");
    private static final Pattern PROPERTY_FILE = Pattern.compile("PropertyFiles\\.([A-Za-z0-9_-]+)");

    private ReferenceCheck() {
    }

    /** The references that do not resolve, each with the step that makes it; empty when all do. */
    static List<String> problems(JsonNode definition) {
        Set<String> parameters = new HashSet<>();
        definition.path("Parameters").forEach(p -> parameters.add(p.path("Name").asText()));
        Map<String, JsonNode> earlier = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode step : Definitions.steps(definition)) {
            String name = step.path("Name").asText();
            JsonNode scope = step.path("Type").asText().equals("Condition") ? step.path("Arguments").path("Conditions")
                    : step.path("Arguments");
            for (String get : gets(scope)) {
                String problem = check(get, parameters, earlier);
                if (!problem.isEmpty()) {
                    problems.add(name + ": " + get + ": " + problem);
                }
            }
            step.path("PropertyFiles").forEach(f -> {
                if (!outputs(step).contains(f.path("OutputName").asText())) {
                    problems.add(name + ": property file " + f.path("PropertyFileName").asText() + " names no output");
                }
            });
            earlier.put(name, step);
        }
        return problems;
    }

    static List<String> gets(JsonNode node) {
        List<String> gets = new ArrayList<>();
        if (node.isObject() && node.size() == 1 && node.has("Get")) {
            gets.add(node.get("Get").asText());
        } else {
            node.forEach(child -> gets.addAll(gets(child)));
        }
        return gets;
    }

    private static String check(String get, Set<String> parameters, Map<String, JsonNode> earlier) {
        String[] parts = get.split("\\.", 3);
        switch (parts[0]) {
            case "Parameters":
                return parameters.contains(parts[1]) ? "" : "no such parameter";
            case "Execution":
                return EXECUTION_VARIABLES.contains(parts[1]) ? "" : "no such execution variable";
            case "Steps":
                JsonNode step = earlier.get(parts[1]);
                return step == null ? "no earlier step " + parts[1] : property(step, parts.length > 2 ? parts[2] : "");
            default:
                return "unknown root";
        }
    }

    private static String property(JsonNode step, String path) {
        Matcher output = OUTPUT.matcher(path);
        if (output.matches()) {
            return outputs(step).contains(output.group(1)) ? "" : "the step has no output " + output.group(1);
        }
        Matcher file = PROPERTY_FILE.matcher(path);
        if (file.matches()) {
            List<String> files = new ArrayList<>();
            step.path("PropertyFiles").forEach(f -> files.add(f.path("PropertyFileName").asText()));
            return files.contains(file.group(1)) ? "" : "the step has no property file " + file.group(1);
        }
        if (path.equals("ModelArtifacts.S3ModelArtifacts")) {
            return step.path("Type").asText().equals("Training") ? "" : "only a training step has model artifacts";
        }
        return "unknown step property";
    }

    private static List<String> outputs(JsonNode step) {
        List<String> names = new ArrayList<>();
        step.path("Arguments").path("ProcessingOutputConfig").path("Outputs")
                .forEach(o -> names.add(o.path("OutputName").asText()));
        return names;
    }
}
