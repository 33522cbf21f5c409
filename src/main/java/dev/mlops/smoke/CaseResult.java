package dev.mlops.smoke;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What one case did.
 *
 * @param name the case's name
 * @param status the HTTP status of the answer; empty when there was no answer
 * @param latencyMs from sending the request to the last byte of the answer (or to the error)
 * @param failures every expectation the answer did not meet
 * @param error why there was no answer to check (connection refused, time-out); empty when there was one
 * @param responseExcerpt the start of the answer's body, cleaned of control characters and known secrets
 * @param answerer who the answer says produced it; empty for answers that never reached an endpoint
 */
public record CaseResult(String name, OptionalInt status, long latencyMs, List<ExpectationFailure> failures,
        Optional<String> error, String responseExcerpt, Answerer answerer) {

    /**
     * The endpoint and production variant an answer names: the product's API passes them on as
     * {@value #ENDPOINT_HEADER} and {@value #VARIANT_HEADER}; SageMaker Runtime itself answers with
     * {@value #SAGEMAKER_VARIANT_HEADER}.
     */
    public record Answerer(Optional<String> endpoint, Optional<String> variant) {
        public static final String ENDPOINT_HEADER = "X-Mlops-Endpoint";
        public static final String VARIANT_HEADER = "X-Mlops-Variant";
        public static final String SAGEMAKER_VARIANT_HEADER = "X-Amzn-Invoked-Production-Variant";
        public static final Answerer NONE = new Answerer(Optional.empty(), Optional.empty());
    }

    public CaseResult {
        failures = List.copyOf(failures);
    }

    public boolean passed() {
        return failures.isEmpty() && error.isEmpty();
    }

    /** The error, if any, then every failed expectation: one line each. */
    public List<String> problems() {
        List<String> lines = new ArrayList<>();
        error.ifPresent(lines::add);
        failures.forEach(f -> lines.add(f.message()));
        return List.copyOf(lines);
    }
}
