package dev.mlops.spec;

import java.util.Optional;

/**
 * A named pipeline parameter. {@code defaultValue} is a String, Long, Double or Boolean per
 * {@link ParameterType}; {@code --param name=value} overrides it for one build.
 */
public record ParameterSpec(String name, ParameterType type, Object defaultValue, Optional<String> description) {
}
