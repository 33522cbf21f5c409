package dev.mlops.spec;

import java.util.Arrays;
import java.util.List;

/** The types of SageMaker pipeline parameters, spelt as SageMaker spells them. */
public enum ParameterType {
    String, Integer, Float, Boolean;

    public static ParameterType parse(YamlNode node) {
        java.lang.String text = node.asString();
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> node.error("unknown parameter type '" + text + "'"
                        + Suggestions.hint(text, names()) + "; valid types are: " + java.lang.String.join(", ", names())));
    }

    /** Converts text (a YAML scalar or a --param value) into this type's Java value. */
    public Object convert(java.lang.String text) {
        java.lang.String trimmed = text.trim();
        switch (this) {
            case Integer:
                return Long.parseLong(trimmed);
            case Float: {
                double value = Double.parseDouble(trimmed);
                if (Double.isNaN(value) || Double.isInfinite(value)) {
                    throw new NumberFormatException("not finite");
                }
                return value;
            }
            case Boolean:
                if (trimmed.equalsIgnoreCase("true") || trimmed.equalsIgnoreCase("false")) {
                    return java.lang.Boolean.parseBoolean(trimmed);
                }
                throw new NumberFormatException("not true/false");
            default:
                return text;
        }
    }

    public java.lang.String describe() {
        return switch (this) {
            case Integer -> "a whole number";
            case Float -> "a number";
            case Boolean -> "true or false";
            case String -> "text";
        };
    }

    static List<java.lang.String> names() {
        return Arrays.stream(values()).map(Enum::name).toList();
    }
}
