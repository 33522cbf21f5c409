package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Evaluates a Condition step's {@code Conditions} (all must hold). Types are accepted with or
 * without the SageMaker Python SDK's {@code Condition} class-name prefix.
 */
final class Conditions {
    private final Expressions expressions;

    Conditions(Expressions expressions) {
        this.expressions = expressions;
    }

    boolean all(JsonNode conditions) {
        for (JsonNode condition : conditions) {
            if (!holds(condition)) {
                return false;
            }
        }
        return true;
    }

    private boolean holds(JsonNode condition) {
        String type = condition.path("Type").asText().replaceFirst("^Condition", "");
        return switch (type) {
            case "Not" -> !holds(condition.path("Expression"));
            case "Or" -> any(condition.path("Conditions"));
            case "In" -> in(condition);
            case "Equals" -> compare(condition) == 0;
            case "GreaterThan" -> compare(condition) > 0;
            case "GreaterThanOrEqualTo" -> compare(condition) >= 0;
            case "LessThan" -> compare(condition) < 0;
            case "LessThanOrEqualTo" -> compare(condition) <= 0;
            default -> throw new StepFailure("unsupported condition type " + type);
        };
    }

    private boolean any(JsonNode conditions) {
        for (JsonNode condition : conditions) {
            if (holds(condition)) {
                return true;
            }
        }
        return false;
    }

    private boolean in(JsonNode condition) {
        JsonNode query = expressions.resolve(condition.path("QueryValue"));
        for (JsonNode value : condition.path("Values")) {
            if (compare(query, expressions.resolve(value)) == 0) {
                return true;
            }
        }
        return false;
    }

    private int compare(JsonNode condition) {
        return compare(expressions.resolve(condition.path("LeftValue")),
                expressions.resolve(condition.path("RightValue")));
    }

    private static int compare(JsonNode left, JsonNode right) {
        if (numeric(left) && numeric(right)) {
            return Double.compare(number(left), number(right));
        }
        return left.asText().compareTo(right.asText());
    }

    private static boolean numeric(JsonNode node) {
        if (node.isNumber()) {
            return true;
        }
        try {
            Double.parseDouble(node.asText());
            return node.isTextual();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(JsonNode node) {
        return node.isNumber() ? node.asDouble() : Double.parseDouble(node.asText());
    }
}
