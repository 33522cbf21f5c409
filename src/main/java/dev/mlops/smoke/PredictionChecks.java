package dev.mlops.smoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.smoke.SmokeExpectations.Predictions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Checks a {@code {"predictions":[{"score":..,"predicted_label":..}]}} body against a case's prediction checks. */
final class PredictionChecks {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Predictions expect;
    private final Excerpts excerpts;

    PredictionChecks(Predictions expect, Excerpts excerpts) {
        this.expect = expect;
        this.excerpts = excerpts;
    }

    List<ExpectationFailure> check(String body) {
        Optional<JsonNode> predictions = predictions(body);
        if (predictions.isEmpty()) {
            return List.of(new ExpectationFailure("predictions", "a JSON body {\"predictions\":[...]}",
                    body.isEmpty() ? "an empty body" : excerpts.quoted(body)));
        }
        JsonNode items = predictions.get();
        List<ExpectationFailure> failures = new ArrayList<>();
        OptionalInt count = expect.labelsInOrder().isEmpty() ? expect.count() : OptionalInt.of(expect.labelsInOrder().size());
        if (count.isPresent() && count.getAsInt() != items.size()) {
            failures.add(new ExpectationFailure("predictions.count", String.valueOf(count.getAsInt()),
                    String.valueOf(items.size())));
        }
        for (int i = 0; i < items.size(); i++) {
            prediction(i, items.get(i), failures);
        }
        return List.copyOf(failures);
    }

    private static Optional<JsonNode> predictions(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            return root != null && root.path("predictions").isArray() ? Optional.of(root.get("predictions")) : Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    private void prediction(int index, JsonNode item, List<ExpectationFailure> failures) {
        String where = "predictions[" + index + "]";
        JsonNode score = item.path("score");
        if (!score.isNumber()) {
            failures.add(new ExpectationFailure(where + ".score", "a number", describe(score)));
        } else {
            expect.scoreRange().filter(range -> !range.contains(score.doubleValue())).ifPresent(range ->
                    failures.add(new ExpectationFailure(where + ".score", "in " + range, score.asText())));
        }
        JsonNode label = item.path("predicted_label");
        if (!label.isIntegralNumber() || !label.canConvertToInt()) {
            failures.add(new ExpectationFailure(where + ".predicted_label", "a whole number", describe(label)));
            return;
        }
        int actual = label.intValue();
        if (!expect.labelsIn().isEmpty() && !expect.labelsIn().contains(actual)) {
            failures.add(new ExpectationFailure(where + ".predicted_label",
                    "one of " + expect.labelsIn().stream().sorted().toList(), String.valueOf(actual)));
        }
        OptionalInt wanted = expect.eachLabel().isPresent() ? expect.eachLabel()
                : index < expect.labelsInOrder().size() ? OptionalInt.of(expect.labelsInOrder().get(index)) : OptionalInt.empty();
        if (wanted.isPresent() && wanted.getAsInt() != actual) {
            String scoreText = score.isNumber() ? " (score " + score.asText() + ")" : "";
            failures.add(new ExpectationFailure(where + ".predicted_label", String.valueOf(wanted.getAsInt()),
                    actual + scoreText));
        }
    }

    private String describe(JsonNode node) {
        return node.isMissingNode() ? "no such field" : excerpts.quoted(node.toString());
    }
}
