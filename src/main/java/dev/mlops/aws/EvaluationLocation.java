package dev.mlops.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an execution's evaluation report is, read from the pipeline definition: the step with a
 * property file writes it to {@code <S3Uri of the output it names>/<FilePath>}. Only the
 * expressions such a location uses are evaluated (literals, {@code Std:Join}, the execution id);
 * anything else means "unknown", and the metrics then come from the registered package alone.
 * This finds the metrics of an execution whose quality gate failed, which registers nothing.
 */
final class EvaluationLocation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvaluationLocation() {
    }

    static Optional<String> of(String definition, String executionId) {
        try {
            JsonNode root = JSON.readTree(definition);
            for (JsonNode step : allSteps(root.path("Steps"))) {
                for (JsonNode file : step.path("PropertyFiles")) {
                    Optional<String> uri = outputUri(step, file.path("OutputName").asText(), executionId);
                    if (uri.isPresent()) {
                        return uri.map(u -> u.replaceAll("/+$", "") + "/" + file.path("FilePath").asText());
                    }
                }
            }
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static List<JsonNode> allSteps(JsonNode steps) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode step : steps) {
            all.add(step);
            all.addAll(allSteps(step.path("Arguments").path("IfSteps")));
            all.addAll(allSteps(step.path("Arguments").path("ElseSteps")));
        }
        return all;
    }

    private static Optional<String> outputUri(JsonNode step, String outputName, String executionId) {
        for (JsonNode output : step.path("Arguments").path("ProcessingOutputConfig").path("Outputs")) {
            if (outputName.equals(output.path("OutputName").asText())) {
                return value(output.path("S3Output").path("S3Uri"), executionId);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> value(JsonNode node, String executionId) {
        if (node.isTextual() || node.isNumber()) {
            return Optional.of(node.asText());
        }
        if ("Execution.PipelineExecutionId".equals(node.path("Get").asText())) {
            return Optional.of(executionId);
        }
        JsonNode join = node.path("Std:Join");
        if (join.isObject()) {
            List<String> parts = new ArrayList<>();
            for (JsonNode part : join.path("Values")) {
                Optional<String> text = value(part, executionId);
                if (text.isEmpty()) {
                    return Optional.empty();
                }
                parts.add(text.get());
            }
            return Optional.of(String.join(join.path("On").asText(""), parts));
        }
        return Optional.empty();
    }
}
