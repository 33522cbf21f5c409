package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One step of a pipeline definition.
 *
 * @param dependsOn explicit {@code DependsOn} plus every step its arguments reference
 * @param branch present when the step sits in a Condition step's IfSteps or ElseSteps
 */
record StepSpec(String name, String type, JsonNode arguments, Set<String> dependsOn,
                List<JsonNode> propertyFiles, Optional<String> description, Optional<Branch> branch) {

    StepSpec {
        dependsOn = Set.copyOf(dependsOn);
        propertyFiles = List.copyOf(propertyFiles);
    }

    boolean is(String stepType) {
        return type.equals(stepType);
    }

    /** The Condition step a nested step belongs to, and the outcome that activates it. */
    record Branch(String conditionStep, boolean whenTrue) {
    }
}
