package dev.mlops.spec;

import dev.mlops.InputException;
import java.util.LinkedHashMap;
import java.util.Map;

/** The value of every pipeline parameter for one build: the defaults, overridden by --param. */
public record ParameterValues(Map<String, Object> values) {

    public ParameterValues {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public static ParameterValues of(Map<String, ParameterSpec> declared, Map<String, String> overrides) {
        Map<String, Object> values = new LinkedHashMap<>();
        declared.forEach((name, spec) -> values.put(name, spec.defaultValue()));
        overrides.forEach((name, text) -> {
            ParameterSpec spec = declared.get(name);
            if (spec == null) {
                throw new InputException("cannot set parameter '" + name + "': no such parameter"
                        + Suggestions.hint(name, declared.keySet()) + "; valid parameters are: "
                        + String.join(", ", declared.keySet()));
            }
            try {
                values.put(name, spec.type().convert(text));
            } catch (NumberFormatException e) {
                throw new InputException("cannot set parameter '" + name + "' to '" + text + "': expected "
                        + spec.type().describe() + " (type " + spec.type() + ")");
            }
        });
        return new ParameterValues(values);
    }

    public Object get(String name) {
        Object value = values.get(name);
        if (value == null) {
            throw new InputException("cannot resolve parameter '" + name + "': it is not declared");
        }
        return value;
    }
}
