package dev.mlops.spec;

import dev.mlops.InputException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A spec field that is either a literal or a reference {@code ${name}} to a pipeline parameter.
 * The local backend resolves it for one build; the SageMaker compiler emits a literal or a
 * {@code {"Get": "Parameters.name"}} from the same value. Range checks run on literals and
 * parameter defaults at parse time, and again on --param overrides at resolve time.
 */
public record Value<T>(Optional<T> literal, Optional<String> parameter, Kind kind, Range range,
                       Location location, String field) {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{\\s*([A-Za-z][A-Za-z0-9_]*)\\s*}");

    /** What the field holds; decides which parameter types may bind to it. */
    public enum Kind {
        NUMBER, INTEGER, TEXT, FLAG
    }

    public static Value<Double> number(YamlNode node, Map<String, ParameterSpec> parameters, Range range) {
        return parse(node, parameters, Kind.NUMBER, range);
    }

    public static Value<Integer> integer(YamlNode node, Map<String, ParameterSpec> parameters, Range range) {
        return parse(node, parameters, Kind.INTEGER, range);
    }

    public static Value<String> text(YamlNode node, Map<String, ParameterSpec> parameters) {
        return parse(node, parameters, Kind.TEXT, Range.ANY);
    }

    public static <T> Value<T> literalOf(T value, Kind kind, String field) {
        return new Value<>(Optional.of(value), Optional.empty(), kind, Range.ANY, new Location("(default)", 0, 0), field);
    }

    public boolean isParameter() {
        return parameter.isPresent();
    }

    /** The value for one build: the literal, or the parameter's value checked against the range. */
    public T resolve(ParameterValues values) {
        if (literal.isPresent()) {
            return literal.get();
        }
        String name = parameter.orElseThrow();
        Object raw = values.get(name);
        // checked before converting: a whole number too large for the field's int is out of its range, not a bug
        if (raw instanceof Number n && !range.contains(n.doubleValue())) {
            throw new InputException("cannot use parameter " + name + "=" + raw + ": " + field + " (" + location
                    + ") must be " + range);
        }
        if (kind == Kind.INTEGER && raw instanceof Number n && n.longValue() != (int) n.longValue()) {
            throw new InputException("cannot use parameter " + name + "=" + raw + ": " + field + " (" + location
                    + ") must be a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE);
        }
        return convert(raw);
    }

    @SuppressWarnings("unchecked")
    private static <T> Value<T> parse(YamlNode node, Map<String, ParameterSpec> parameters, Kind kind, Range range) {
        String text = node.asString();
        Matcher reference = REFERENCE.matcher(text.trim());
        if (reference.matches()) {
            ParameterSpec parameter = parameters.get(reference.group(1));
            if (parameter == null) {
                throw node.error("unknown parameter '" + reference.group(1) + "'" + Suggestions.hint(reference.group(1),
                        parameters.keySet()) + "; declared parameters are: " + String.join(", ", parameters.keySet()));
            }
            checkBindable(node, parameter, kind);
            Value<T> value = new Value<>(Optional.empty(), Optional.of(parameter.name()), kind, range, node.location(), node.path());
            value.checkRange(node, value.convert(parameter.defaultValue()), " (the default of parameter " + parameter.name() + ")");
            return value;
        }
        if (text.contains("${")) {
            throw node.error("a parameter reference must be the whole value, like ${max_depth}; found '" + text + "'");
        }
        Object literal = switch (kind) {
            case NUMBER -> node.asDouble();
            case INTEGER -> node.asInt();
            case FLAG -> node.asBoolean();
            case TEXT -> text;
        };
        Value<T> value = new Value<>(Optional.of((T) literal), Optional.empty(), kind, range, node.location(), node.path());
        value.checkRange(node, (T) literal, "");
        return value;
    }

    private void checkRange(YamlNode node, T value, String what) {
        if (value instanceof Number n && !range.contains(n.doubleValue())) {
            throw node.error("must be " + range + ", found " + value + what);
        }
    }

    private static void checkBindable(YamlNode node, ParameterSpec parameter, Kind kind) {
        boolean fits = switch (kind) {
            case NUMBER -> parameter.type() == ParameterType.Float || parameter.type() == ParameterType.Integer;
            case INTEGER -> parameter.type() == ParameterType.Integer;
            case TEXT -> parameter.type() == ParameterType.String;
            case FLAG -> parameter.type() == ParameterType.Boolean;
        };
        if (!fits) {
            throw node.error("parameter '" + parameter.name() + "' is of type " + parameter.type()
                    + ", which cannot be used for a " + kind.name().toLowerCase() + " field");
        }
    }

    @SuppressWarnings("unchecked")
    private T convert(Object raw) {
        return (T) switch (kind) {
            case NUMBER -> ((Number) raw).doubleValue();
            case INTEGER -> Math.toIntExact(((Number) raw).longValue());
            case FLAG -> (Boolean) raw;
            case TEXT -> raw.toString();
        };
    }
}
