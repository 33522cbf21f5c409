package dev.mlops.infra;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * EventBridge's matching of an event against a rule's pattern, for the part of the pattern
 * language the templates use or may soon: nested fields, lists of literal values (an event array
 * matches when any element does), {@code prefix}, {@code anything-but} and {@code exists}. Any other
 * operator is an error rather than a silent match.
 */
final class EventPattern {
    private EventPattern() {
    }

    static boolean matches(Map<String, Object> pattern, Map<String, Object> event) {
        for (Map.Entry<String, Object> field : pattern.entrySet()) {
            Object value = event.get(field.getKey());
            if (field.getValue() instanceof Map<?, ?> nested) {
                if (!(value instanceof Map<?, ?> inner) || !matches(CfnTemplate.cast(nested), CfnTemplate.cast(inner))) {
                    return false;
                }
            } else if (field.getValue() instanceof List<?> alternatives) {
                if (alternatives.stream().noneMatch(a -> matchesOne(a, value))) {
                    return false;
                }
            } else {
                throw new IllegalArgumentException("a pattern field is an object or a list, found " + field.getValue());
            }
        }
        return true;
    }

    private static boolean matchesOne(Object alternative, Object value) {
        if (value instanceof List<?> values) {
            return values.stream().anyMatch(v -> matchesOne(alternative, v));
        }
        if (!(alternative instanceof Map<?, ?> operator)) {
            return value != null && Objects.equals(String.valueOf(alternative), String.valueOf(value))
                    && (alternative instanceof Number) == (value instanceof Number);
        }
        Map<String, Object> op = CfnTemplate.cast(operator);
        String name = op.keySet().iterator().next();
        Object argument = op.get(name);
        return switch (name) {
            case "prefix" -> value instanceof String s && s.startsWith(String.valueOf(argument));
            case "exists" -> (value != null) == Boolean.TRUE.equals(argument);
            case "anything-but" -> value != null && (argument instanceof List<?> l ? l : List.of(argument)).stream()
                    .noneMatch(a -> Objects.equals(String.valueOf(a), String.valueOf(value)));
            default -> throw new IllegalArgumentException("the pattern operator " + name + " is not implemented here");
        };
    }
}
