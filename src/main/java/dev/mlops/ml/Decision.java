package dev.mlops.ml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.InputException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last stage of the inference pipeline: {@code predicted_label} is 1 when the score is above
 * the threshold the build chose. A model artifact ({@code decision.json}), so an endpoint labels
 * with its own package's threshold; SageMaker's third container (inference.py) reads the same file.
 */
public record Decision(double threshold) {
    public static final String FORMAT = "mlops-decision/v1";
    /** Packages built before thresholds were chosen label as the workshop did. */
    public static final Decision DEFAULT = new Decision(0.5);
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Decision of(double threshold) {
        return new Decision(threshold);
    }

    public int label(double score) {
        return score > threshold ? 1 : 0;
    }

    public String toJson() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("threshold", threshold);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write decision.json: " + e.getMessage(), e);
        }
    }

    public static Decision fromJson(String json, String source) {
        try {
            Map<?, ?> document = JSON.readValue(json, Map.class);
            if (!FORMAT.equals(document.get("format")) || !(document.get("threshold") instanceof Number t)
                    || !(t.doubleValue() > 0 && t.doubleValue() < 1)) {
                throw new InputException("cannot load decision " + source + ": not a " + FORMAT
                        + " document with a threshold in (0, 1)");
            }
            return new Decision(t.doubleValue());
        } catch (JsonProcessingException e) {
            throw new InputException("cannot load decision " + source + ": " + e.getMessage());
        }
    }
}
