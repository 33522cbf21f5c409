package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;

/** One SageMaker operation: a parsed request body in, a response body out, or an {@link ApiError}. */
@FunctionalInterface
interface Operation {
    JsonNode handle(JsonNode request);
}
