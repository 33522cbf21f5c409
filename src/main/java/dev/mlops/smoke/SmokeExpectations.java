package dev.mlops.smoke;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * What a case's answer must satisfy; a check that is absent is not made.
 *
 * @param status the exact HTTP status (200 unless the suite says otherwise)
 * @param contentType a prefix the Content-Type header must start with, ignoring case
 * @param predictions checks on the {@code {"predictions":[...]}} body
 * @param bodyContains texts the body must contain, each exactly
 * @param headers response headers (names in lower case) and the exact value each must have
 * @param maxLatencyMs the latency budget, from sending the request to the last byte of the answer
 */
public record SmokeExpectations(int status, Optional<String> contentType, Optional<Predictions> predictions,
        List<String> bodyContains, Map<String, String> headers, OptionalLong maxLatencyMs) {

    public SmokeExpectations {
        bodyContains = List.copyOf(bodyContains);
        headers = Map.copyOf(headers);
    }

    /**
     * Checks on the predictions of a JSON answer.
     *
     * @param count how many predictions there must be
     * @param scoreRange the closed range every score must lie in
     * @param labelsIn the labels every {@code predicted_label} must be one of; empty allows any
     * @param eachLabel the label every prediction must have
     * @param labelsInOrder the label of each prediction in order (implies their count)
     */
    public record Predictions(OptionalInt count, Optional<ScoreRange> scoreRange, Set<Integer> labelsIn,
            OptionalInt eachLabel, List<Integer> labelsInOrder) {
        public Predictions {
            labelsIn = Set.copyOf(labelsIn);
            labelsInOrder = List.copyOf(labelsInOrder);
        }
    }

    /** A closed range {@code [min, max]}. */
    public record ScoreRange(double min, double max) {
        public boolean contains(double value) {
            return value >= min && value <= max;
        }

        @Override
        public String toString() {
            return "[" + min + ", " + max + "]";
        }
    }
}
