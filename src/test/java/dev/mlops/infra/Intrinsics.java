package dev.mlops.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates a template's values for given parameters, as CloudFormation would at deploy time, for
 * the functions the templates use: {@code Ref}, {@code Fn::Sub}, {@code Fn::If} with the condition
 * functions, {@code Fn::Join} and {@code AWS::NoValue}. What only exists once deployed stays a
 * placeholder: a resource's {@code Ref} is {@code {LogicalId}}, an attribute {@code {LogicalId.Attr}}.
 */
final class Intrinsics {
    static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(?!!)([^}]+)}");
    static final Map<String, String> PSEUDO = Map.of("AWS::Region", "eu-west-1", "AWS::AccountId", "123456789012",
            "AWS::Partition", "aws", "AWS::URLSuffix", "amazonaws.com", "AWS::StackName", "test-stack",
            "AWS::StackId", "arn:aws:cloudformation:eu-west-1:123456789012:stack/test-stack/1");
    private static final Object NO_VALUE = new Object();

    private final CfnTemplate template;
    private final Map<String, String> parameters = new LinkedHashMap<>();

    /** With each parameter's value from {@code given}, else its default; a parameter with neither is an error. */
    Intrinsics(CfnTemplate template, Map<String, String> given) {
        this.template = template;
        template.parameters().forEach((name, definition) -> {
            Object value = given.containsKey(name) ? given.get(name) : CfnTemplate.cast(definition).get("Default");
            if (value != null) {
                parameters.put(name, String.valueOf(value));
            }
        });
        given.keySet().stream().filter(n -> !template.parameters().containsKey(n)).findFirst().ifPresent(n -> {
            throw new IllegalArgumentException(template.file() + " has no parameter " + n);
        });
    }

    /** The value with every function evaluated; {@code AWS::NoValue} removes the key or element. */
    Object eval(Object value) {
        Object result = evalOrNoValue(value);
        return result == NO_VALUE ? null : result;
    }

    String string(Object value) {
        return String.valueOf(eval(value));
    }

    boolean condition(String name) {
        Object definition = template.conditions().get(name);
        if (definition == null) {
            throw new IllegalArgumentException(template.file() + " has no condition " + name);
        }
        return truth(definition);
    }

    private Object evalOrNoValue(Object value) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object evaluated = evalOrNoValue(item);
                if (evaluated != NO_VALUE) {
                    out.add(evaluated);
                }
            }
            return out;
        }
        if (!(value instanceof Map<?, ?> raw)) {
            return value;
        }
        Map<String, Object> map = CfnTemplate.cast(raw);
        if (map.size() == 1) {
            String key = map.keySet().iterator().next();
            Object argument = map.get(key);
            switch (key) {
                case "Ref":
                    return ref((String) argument);
                case "Fn::GetAtt":
                    List<?> parts = (List<?>) argument;
                    return "{" + parts.get(0) + "." + parts.get(1) + "}";
                case "Fn::Sub":
                    return sub(argument);
                case "Fn::If":
                    List<?> branches = (List<?>) argument;
                    return evalOrNoValue(condition((String) branches.get(0)) ? branches.get(1) : branches.get(2));
                case "Fn::Join":
                    List<?> join = (List<?>) argument;
                    List<String> items = ((List<?>) eval(join.get(1))).stream().map(String::valueOf).toList();
                    return String.join((String) join.get(0), items);
                default:
                    if (key.startsWith("Fn::")) {
                        throw new IllegalArgumentException("cannot evaluate " + key + " in " + template.file());
                    }
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> {
            Object evaluated = evalOrNoValue(v);
            if (evaluated != NO_VALUE) {
                out.put(k, evaluated);
            }
        });
        return out;
    }

    private Object ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (parameters.containsKey(name)) {
            return parameters.get(name);
        }
        if (PSEUDO.containsKey(name)) {
            return PSEUDO.get(name);
        }
        if (template.resources().containsKey(name)) {
            return "{" + name + "}";
        }
        throw new IllegalArgumentException("cannot resolve Ref " + name + " in " + template.file());
    }

    private String sub(Object argument) {
        String text;
        Map<String, Object> locals = Map.of();
        if (argument instanceof List<?> list) {
            text = (String) list.get(0);
            locals = CfnTemplate.cast(list.get(1));
        } else {
            text = (String) argument;
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String replacement;
            if (locals.containsKey(name)) {
                replacement = string(locals.get(name));
            } else if (name.contains(".") && !name.startsWith("AWS::")) {
                replacement = "{" + name + "}";
            } else {
                replacement = String.valueOf(ref(name));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("${!", "${");
    }

    private boolean truth(Object definition) {
        Map<String, Object> map = CfnTemplate.cast(definition);
        String key = map.keySet().iterator().next();
        List<?> args = map.get(key) instanceof List<?> l ? l : List.of(map.get(key));
        return switch (key) {
            case "Fn::Equals" -> string(args.get(0)).equals(string(args.get(1)));
            case "Fn::Not" -> !truth(args.get(0));
            case "Fn::And" -> args.stream().allMatch(this::truth);
            case "Fn::Or" -> args.stream().anyMatch(this::truth);
            case "Condition" -> condition((String) args.get(0));
            default -> throw new IllegalArgumentException("cannot evaluate condition function " + key);
        };
    }
}
