package dev.mlops.infra;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Static checks of a template, each problem a sentence naming where it is: every {@code Ref},
 * {@code Fn::GetAtt}, {@code Fn::Sub} variable, condition and {@code DependsOn} resolves; resource
 * types and their attributes come from a known list; only known functions are used; every
 * parameter is used and its default is allowed by its own constraints.
 */
final class TemplateCheck {
    /** The resource types these templates may use, with the attributes {@code Fn::GetAtt} may read. */
    static final Map<String, Set<String>> TYPES = Map.ofEntries(
            Map.entry("AWS::Logs::LogGroup", Set.of("Arn")),
            Map.entry("AWS::IAM::Role", Set.of("Arn", "RoleId")),
            Map.entry("AWS::Lambda::Function", Set.of("Arn")),
            Map.entry("AWS::Lambda::Version", Set.of("Version", "FunctionArn")),
            Map.entry("AWS::Lambda::Alias", Set.of("AliasArn")),
            Map.entry("AWS::Lambda::Permission", Set.of()),
            Map.entry("AWS::ApiGatewayV2::Api", Set.of("ApiEndpoint", "ApiId")),
            Map.entry("AWS::ApiGatewayV2::Integration", Set.of("IntegrationId")),
            Map.entry("AWS::ApiGatewayV2::Route", Set.of("RouteId")),
            Map.entry("AWS::ApiGatewayV2::Stage", Set.of()),
            Map.entry("AWS::Events::Connection", Set.of("Arn", "SecretArn")),
            Map.entry("AWS::Events::ApiDestination", Set.of("Arn")),
            Map.entry("AWS::Events::Rule", Set.of("Arn")),
            Map.entry("AWS::SQS::Queue", Set.of("Arn", "QueueName", "QueueUrl")),
            Map.entry("AWS::SQS::QueuePolicy", Set.of()),
            Map.entry("AWS::CloudWatch::Alarm", Set.of("Arn")));
    static final Set<String> PSEUDO = Set.of("AWS::Region", "AWS::AccountId", "AWS::Partition", "AWS::URLSuffix",
            "AWS::StackName", "AWS::StackId", "AWS::NoValue", "AWS::NotificationARNs");
    private static final Set<String> FUNCTIONS = Set.copyOf(CfnTemplate.FUNCTIONS.values());

    private final CfnTemplate template;
    private final List<String> problems = new ArrayList<>();
    private final Set<String> usedParameters = new LinkedHashSet<>();

    private TemplateCheck(CfnTemplate template) {
        this.template = template;
    }

    static List<String> problems(CfnTemplate template) {
        TemplateCheck check = new TemplateCheck(template);
        check.run();
        return check.problems;
    }

    /** The parameters a value refers to, directly or through the conditions it uses. */
    static Set<String> parametersUsedBy(CfnTemplate template, Object value) {
        TemplateCheck check = new TemplateCheck(template);
        check.walk(value, "value");
        return check.usedParameters;
    }

    private void run() {
        if (!"2010-09-09".equals(template.formatVersion())) {
            problems.add("AWSTemplateFormatVersion must be 2010-09-09");
        }
        template.parameters().forEach(this::checkParameter);
        template.conditions().forEach((name, definition) -> walk(definition, "condition " + name));
        template.resources().forEach((id, raw) -> {
            Map<String, Object> resource = CfnTemplate.cast(raw);
            String type = (String) resource.get("Type");
            if (!TYPES.containsKey(type)) {
                problems.add("resource " + id + ": type " + type + " is not in the known list");
            }
            if (resource.get("Condition") instanceof String condition && !template.conditions().containsKey(condition)) {
                problems.add("resource " + id + ": no condition " + condition);
            }
            Object dependsOn = resource.get("DependsOn");
            for (Object target : dependsOn instanceof List<?> l ? l : dependsOn == null ? List.of() : List.of(dependsOn)) {
                if (!template.resources().containsKey(String.valueOf(target))) {
                    problems.add("resource " + id + ": DependsOn " + target + " is no resource");
                }
            }
            walk(resource.get("Properties"), "resource " + id);
        });
        template.outputs().forEach((name, output) -> walk(output, "output " + name));
        template.parameters().keySet().stream().filter(p -> !usedParameters.contains(p))
                .forEach(p -> problems.add("parameter " + p + " is never used"));
    }

    private void checkParameter(String name, Object raw) {
        Map<String, Object> parameter = CfnTemplate.cast(raw);
        Object fallback = parameter.get("Default");
        if (fallback == null) {
            return;
        }
        String value = String.valueOf(fallback);
        if (parameter.get("AllowedValues") instanceof List<?> allowed
                && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
            problems.add("parameter " + name + ": default " + value + " is not among its AllowedValues");
        }
        if (parameter.get("AllowedPattern") instanceof String pattern && !Pattern.matches(pattern, value)) {
            problems.add("parameter " + name + ": default '" + value + "' does not match its AllowedPattern");
        }
    }

    private void walk(Object value, String where) {
        if (value instanceof List<?> list) {
            list.forEach(item -> walk(item, where));
            return;
        }
        if (!(value instanceof Map<?, ?> raw)) {
            return;
        }
        Map<String, Object> map = CfnTemplate.cast(raw);
        if (map.size() == 1) {
            String key = map.keySet().iterator().next();
            Object argument = map.get(key);
            if (key.startsWith("Fn::") && !FUNCTIONS.contains(key)) {
                problems.add(where + ": unknown function " + key);
            }
            switch (key) {
                case "Ref" -> ref(String.valueOf(argument), where);
                case "Condition" -> condition(String.valueOf(argument), where);
                case "Fn::GetAtt" -> getAtt((List<?>) argument, where);
                case "Fn::Sub" -> sub(argument, where);
                case "Fn::If" -> condition(String.valueOf(((List<?>) argument).get(0)), where);
                default -> { }
            }
            if (!key.equals("Ref") && !key.equals("Condition") && !key.equals("Fn::GetAtt")) {
                walk(argument, where);
            }
            return;
        }
        map.values().forEach(v -> walk(v, where));
    }

    private void ref(String name, String where) {
        if (template.parameters().containsKey(name)) {
            usedParameters.add(name);
        } else if (!template.resources().containsKey(name) && !PSEUDO.contains(name)) {
            problems.add(where + ": Ref " + name + " is no parameter, resource or pseudo parameter");
        }
    }

    private void condition(String name, String where) {
        Object definition = template.conditions().get(name);
        if (definition == null) {
            problems.add(where + ": no condition " + name);
        } else if (!where.startsWith("condition ")) {
            walk(definition, "condition " + name);
        }
    }

    private void getAtt(List<?> argument, String where) {
        String id = String.valueOf(argument.get(0));
        String attribute = String.valueOf(argument.get(1));
        if (!template.resources().containsKey(id)) {
            problems.add(where + ": GetAtt " + id + "." + attribute + " names no resource");
            return;
        }
        Set<String> attributes = TYPES.getOrDefault(template.type(id), Set.of());
        if (!attributes.contains(attribute)) {
            problems.add(where + ": " + template.type(id) + " " + id + " has no attribute " + attribute + " (known: "
                    + attributes + ")");
        }
    }

    private void sub(Object argument, String where) {
        String text;
        Map<String, Object> locals = Map.of();
        if (argument instanceof List<?> list) {
            text = String.valueOf(list.get(0));
            locals = CfnTemplate.cast(list.get(1));
        } else {
            text = String.valueOf(argument);
        }
        Matcher m = Intrinsics.SUB_VARIABLE.matcher(text);
        while (m.find()) {
            String name = m.group(1);
            if (locals.containsKey(name)) {
                continue;
            }
            int dot = name.indexOf('.');
            if (dot > 0 && !name.startsWith("AWS::")) {
                getAtt(List.of(name.substring(0, dot), name.substring(dot + 1)), where);
            } else {
                ref(name, where);
            }
        }
    }
}
