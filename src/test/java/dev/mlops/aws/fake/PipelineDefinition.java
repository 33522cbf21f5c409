package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parts of a SageMaker pipeline definition (Version 2020-12-01) the fake executes: typed
 * parameters with defaults, and steps with their dependencies, including the implicit ones
 * created by {@code {"Get": "Steps.X..."}} references and by property-file names.
 */
record PipelineDefinition(Map<String, ParameterSpec> parameters, Map<String, StepSpec> steps) {

    PipelineDefinition {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        steps = Collections.unmodifiableMap(new LinkedHashMap<>(steps));
    }

    /** A declared parameter; {@code type} is String, Integer, Float or Boolean. */
    record ParameterSpec(String name, String type, Optional<JsonNode> defaultValue) {
    }

    static PipelineDefinition parse(String json) {
        JsonNode root = Json.parse(json);
        if (!root.path("Steps").isArray() || root.path("Steps").isEmpty()) {
            throw ApiError.validation("Invalid pipeline definition: 'Steps' must be a non-empty array");
        }
        Map<String, ParameterSpec> parameters = new LinkedHashMap<>();
        for (JsonNode p : root.path("Parameters")) {
            String name = Json.text(p, "Name").orElseThrow(() -> invalid("a parameter has no Name"));
            parameters.put(name, new ParameterSpec(name, Json.text(p, "Type").orElse("String"),
                    Optional.ofNullable(p.get("DefaultValue"))));
        }
        List<JsonNode> raw = new ArrayList<>();
        Map<String, Optional<StepSpec.Branch>> branches = new LinkedHashMap<>();
        collect(root.path("Steps"), Optional.empty(), raw, branches);
        Map<String, String> propertyFileOwners = propertyFileOwners(raw);
        Map<String, StepSpec> steps = new LinkedHashMap<>();
        for (JsonNode step : raw) {
            String name = step.get("Name").asText();
            steps.put(name, spec(step, branches.get(name), propertyFileOwners));
        }
        checkReferences(steps, parameters);
        return new PipelineDefinition(parameters, steps);
    }

    private static void collect(JsonNode list, Optional<StepSpec.Branch> branch, List<JsonNode> out,
                                Map<String, Optional<StepSpec.Branch>> branches) {
        for (JsonNode step : list) {
            String name = Json.text(step, "Name").orElseThrow(() -> invalid("a step has no Name"));
            Json.text(step, "Type").orElseThrow(() -> invalid("step " + name + " has no Type"));
            if (branches.containsKey(name)) {
                throw invalid("step name " + name + " is used more than once");
            }
            branches.put(name, branch);
            out.add(step);
            JsonNode args = step.path("Arguments");
            collect(args.path("IfSteps"), Optional.of(new StepSpec.Branch(name, true)), out, branches);
            collect(args.path("ElseSteps"), Optional.of(new StepSpec.Branch(name, false)), out, branches);
        }
    }

    private static Map<String, String> propertyFileOwners(List<JsonNode> raw) {
        Map<String, String> owners = new HashMap<>();
        for (JsonNode step : raw) {
            for (JsonNode file : step.path("PropertyFiles")) {
                Json.text(file, "PropertyFileName").ifPresent(f -> owners.put(f, step.get("Name").asText()));
            }
        }
        return owners;
    }

    private static StepSpec spec(JsonNode step, Optional<StepSpec.Branch> branch, Map<String, String> fileOwners) {
        String name = step.get("Name").asText();
        String type = step.get("Type").asText();
        JsonNode args = step.path("Arguments");
        Set<String> deps = new LinkedHashSet<>();
        step.path("DependsOn").forEach(d -> deps.add(d.asText()));
        // a Condition step's nested steps carry their own references; only its Conditions count
        References.steps("Condition".equals(type) ? args.path("Conditions") : args, fileOwners, deps);
        branch.ifPresent(b -> deps.add(b.conditionStep()));
        deps.remove(name);
        List<JsonNode> files = new ArrayList<>();
        step.path("PropertyFiles").forEach(files::add);
        return new StepSpec(name, type, args, deps, files, Json.text(step, "Description"), branch);
    }

    private static void checkReferences(Map<String, StepSpec> steps, Map<String, ParameterSpec> parameters) {
        for (StepSpec step : steps.values()) {
            for (String dependency : step.dependsOn()) {
                if (!steps.containsKey(dependency)) {
                    throw invalid("step " + step.name() + " depends on step " + dependency + " which is not defined");
                }
            }
            for (String parameter : References.parameters(step.arguments())) {
                if (!parameters.containsKey(parameter)) {
                    throw invalid("step " + step.name() + " uses parameter " + parameter + " which is not defined");
                }
            }
        }
    }

    private static ApiError invalid(String why) {
        return ApiError.validation("Invalid pipeline definition: " + why);
    }
}
