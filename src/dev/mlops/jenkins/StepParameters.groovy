package dev.mlops.jenkins

import com.cloudbees.groovy.cps.NonCPS

/**
 * Checks a step's named arguments against the parameters it declares.
 *
 * A declaration maps each parameter name to [type: 'string'|'boolean'|'map', required: bool,
 * values: [allowed], default: value]. Null and blank values count as absent, so a Jenkinsfile
 * can pass an empty build parameter to mean "not set".
 */
final class StepParameters implements Serializable {
    private static final long serialVersionUID = 1L

    private StepParameters() {
    }

    /** The first problem with the arguments as a user-facing message, or null when they are fine. */
    @NonCPS
    static String problem(String step, Map given, Map declared) {
        String valid = declared.isEmpty() ? 'it takes no parameters' : 'valid parameters: ' + declared.keySet().sort().join(', ')
        for (Object name : given.keySet()) {
            if (!declared.containsKey(name)) {
                return "cannot run ${step}: unknown parameter '${name}'; ${valid}".toString()
            }
        }
        for (Map.Entry entry : declared.entrySet()) {
            Map spec = (Map) entry.value
            Object value = given.get(entry.key)
            if (absent(value)) {
                if (spec.required) {
                    return "cannot run ${step}: missing required parameter '${entry.key}'; ${valid}".toString()
                }
                continue
            }
            String bad = valueProblem(spec, value)
            if (bad != null) {
                return "cannot run ${step}: parameter '${entry.key}' ${bad}".toString()
            }
        }
        return null
    }

    /** Every declared parameter with its given value (strings as String) or its default. */
    @NonCPS
    static Map withDefaults(Map given, Map declared) {
        Map resolved = [:]
        declared.each { name, spec ->
            Object value = given.get(name)
            if (absent(value)) {
                resolved[name] = spec.default
            } else if (value instanceof CharSequence || value instanceof Number) {
                resolved[name] = value.toString()
            } else if (value instanceof Map) {
                resolved[name] = value.collectEntries { k, v -> [(k.toString()): v.toString()] }
            } else {
                resolved[name] = value
            }
        }
        return resolved
    }

    @NonCPS
    static boolean absent(Object value) {
        return value == null || (value instanceof CharSequence && value.toString().trim().isEmpty())
    }

    @NonCPS
    private static String valueProblem(Map spec, Object value) {
        switch (spec.type) {
            case 'boolean':
                return value instanceof Boolean ? null : "must be true or false, not ${describe(value)}".toString()
            case 'map':
                return mapProblem(value)
            default:
                return stringProblem(spec, value)
        }
    }

    @NonCPS
    private static String stringProblem(Map spec, Object value) {
        if (!(value instanceof CharSequence || value instanceof Number)) {
            return "must be a string, not ${describe(value)}".toString()
        }
        String text = value.toString()
        if (text.indexOf('\u0000') >= 0) {
            return 'must not contain a NUL character'
        }
        if (spec.values && !spec.values.contains(text)) {
            return "must be one of ${spec.values.join(', ')}, not '${text}'".toString()
        }
        return null
    }

    // A map becomes --param=KEY=VALUE words, and the CLI splits each at its first '='.
    @NonCPS
    private static String mapProblem(Object value) {
        if (!(value instanceof Map)) {
            return "must be a map of names to values, not ${describe(value)}".toString()
        }
        for (Map.Entry entry : ((Map) value).entrySet()) {
            String key = String.valueOf(entry.key)
            if (key.isEmpty() || key.contains('=') || key.indexOf('\u0000') >= 0) {
                return "has an invalid name '${key}': names must be non-empty and contain no '='".toString()
            }
            if (entry.value == null || entry.value.toString().indexOf('\u0000') >= 0) {
                return "has no usable value for '${key}'".toString()
            }
        }
        return null
    }

    @NonCPS
    private static String describe(Object value) {
        return value == null ? 'null' : value.getClass().getSimpleName()
    }
}
