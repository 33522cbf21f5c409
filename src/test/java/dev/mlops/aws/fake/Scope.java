package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** What the expressions of one execution can read. */
interface Scope {
    Optional<JsonNode> parameter(String name);

    /** {@code PipelineExecutionId}, {@code PipelineExecutionArn}, {@code PipelineName}. */
    Optional<JsonNode> executionVariable(String name);

    /** The properties of a finished (or running) step, shaped like its Describe*Job response. */
    Optional<JsonNode> stepProperties(String stepName);

    Optional<JsonNode> propertyFile(String fileName);
}
