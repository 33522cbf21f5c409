package dev.mlops.jenkins;

import com.lesfurets.jenkins.unit.PipelineTestHelper;
import groovy.lang.Binding;
import groovy.lang.Closure;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a declarative pipeline with Jenkins' order and failure rules: parameters get their
 * defaults, stages run in order (a failed or aborted stage skips the rest), a stage-level input
 * waits before the stage's agent is allocated, post conditions follow the stage's or build's
 * result. Agents are not real: they are counted, so a test can tell whether an input held one.
 * Only the directives this repository's Jenkinsfiles use are simulated; any other one fails
 * the test rather than being silently ignored.
 */
final class Declarative {
    static final Set<String> PARAMETER_TYPES = Set.of("string", "booleanParam", "choice", "text", "password");
    static final List<String> POST_CONDITIONS = List.of("always", "aborted", "failure", "success", "unstable", "unsuccessful", "cleanup");
    private static final Set<String> OPTIONS = Set.of("disableConcurrentBuilds", "timeout", "buildDiscarder", "logRotator",
            "timestamps", "skipDefaultCheckout", "retry", "durabilityHint", "quietPeriod", "disableResume", "skipStagesAfterUnstable");
    private static final Set<String> TRIGGERS = Set.of("githubPush", "pollSCM", "cron", "upstream", "GenericTrigger");
    private static final Set<String> PIPELINE_ONLY = Set.of("triggers", "parameters");
    private static final Set<String> STAGE_ONLY = Set.of("input", "steps");

    private final Build build;
    private final Binding binding;
    private boolean stopped;

    Declarative(Build build, Binding binding) {
        this.build = build;
        this.binding = binding;
    }

    void register(PipelineTestHelper helper) {
        helper.registerAllowedMethod("pipeline", List.of(Closure.class), new GroovyFn(this, a -> {
            run((Closure<?>) a[0]);
            return null;
        }));
    }

    private void run(Closure<?> body) {
        Directives.Section pipeline = new Directives.Section("pipeline");
        Directives.evaluate(body, new Directives.SectionDsl(pipeline, binding));
        refuse(pipeline, STAGE_ONLY);
        if (pipeline.agent == null) {
            throw new PipelineError("Missing required section \"agent\"");
        }
        build.directives.put("triggers", calls(pipeline, "triggers", TRIGGERS));
        build.directives.put("options", calls(pipeline, "options", OPTIONS));
        build.directives.put("parameters", calls(pipeline, "parameters", PARAMETER_TYPES));
        build.directives.get("parameters").forEach(this::applyDefault);
        boolean node = allocate(pipeline);
        try {
            runStages(pipeline);
            runPost(pipeline, build.result());
        } finally {
            release(node);
        }
    }

    private void runStages(Directives.Section parent) {
        Directives.StagesDsl dsl = new Directives.StagesDsl(binding);
        Directives.evaluate(parent.blocks.get("stages"), dsl);
        for (Directives.Section stage : dsl.stages) {
            refuse(stage, PIPELINE_ONLY);
            runStage(stage);
        }
    }

    private void runStage(Directives.Section stage) {
        if (stopped) {
            build.event("skip " + stage.name);
            return;
        }
        build.event("stage " + stage.name);
        String before = build.result();
        Map<String, Object> answers = Map.of();
        try {
            if (stage.has("input")) {
                answers = ask(stage, timeoutOf(calls(stage, "options", OPTIONS)));
            }
        } catch (InputAborted aborted) {
            build.event("aborted " + stage.name);
            build.worsen("ABORTED");
            stopped = true;
            return;
        }
        boolean node = allocate(stage);
        try {
            build.withEnv(answers, () -> runBody(stage, before));
        } finally {
            release(node);
        }
    }

    private String runBody(Directives.Section stage, String before) {
        String result = "SUCCESS";
        try {
            if (stage.has("steps")) {
                Directives.runSteps(stage.blocks.get("steps"));
            }
            if (stage.has("stages")) {
                runStages(stage);
            }
        } catch (RuntimeException failure) {
            build.errors.add(String.valueOf(failure.getMessage()));
            build.log.add("ERROR: " + failure.getMessage());
            build.worsen("FAILURE");
            stopped = true;
        }
        if (!build.result().equals(before)) {
            result = Build.worst(result, build.result());
        }
        runPost(stage, result);
        return result;
    }

    private void runPost(Directives.Section section, String result) {
        if (!section.has("post")) {
            return;
        }
        Directives.PostDsl post = new Directives.PostDsl(binding);
        Directives.evaluate(section.blocks.get("post"), post);
        for (String condition : POST_CONDITIONS) {
            if (post.conditions.containsKey(condition) && holds(condition, result)) {
                build.event("post " + condition + " " + section.name);
                try {
                    Directives.runSteps(post.conditions.get(condition));
                } catch (RuntimeException failure) {
                    build.errors.add(String.valueOf(failure.getMessage()));
                    build.worsen("FAILURE");
                }
            }
        }
    }

    private static boolean holds(String condition, String result) {
        return switch (condition) {
            case "always", "cleanup" -> true;
            case "unsuccessful" -> !"SUCCESS".equals(result);
            default -> condition.toUpperCase().equals(result);
        };
    }

    private Map<String, Object> ask(Directives.Section stage, Optional<Map<String, Object>> timeout) {
        Directives.InputDsl input = new Directives.InputDsl(binding);
        Directives.evaluate(stage.blocks.get("input"), input);
        InputRequest request = new InputRequest(stage.name, input.fields, input.parameters, build.nodeDepth > 0, timeout);
        build.inputs.add(request);
        build.event("input " + stage.name);
        Map<String, Object> answer = build.inputAnswer.apply(request);
        return answer == null ? Map.of() : answer;
    }

    private List<Map<String, Object>> calls(Directives.Section section, String directive, Set<String> known) {
        if (!section.has(directive)) {
            return List.of();
        }
        Directives.CallsDsl dsl = new Directives.CallsDsl(binding, known);
        Directives.evaluate(section.blocks.get(directive), dsl);
        return dsl.calls;
    }

    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> timeoutOf(List<Map<String, Object>> options) {
        return options.stream().filter(option -> "timeout".equals(option.get("name")))
                .map(option -> (Map<String, Object>) ((List<Object>) option.get("args")).get(0)).findFirst();
    }

    /** Like Declarative on a first run: params holds each parameter's default unless the trigger gave a value. */
    @SuppressWarnings("unchecked")
    private void applyDefault(Map<String, Object> parameter) {
        Map<String, Object> spec = (Map<String, Object>) ((List<Object>) parameter.get("args")).get(0);
        String name = String.valueOf(spec.get("name"));
        Object value = switch (String.valueOf(parameter.get("name"))) {
            case "choice" -> spec.get("choices") instanceof List<?> choices ? choices.get(0) : String.valueOf(spec.get("choices")).split("\n")[0];
            case "booleanParam" -> Boolean.TRUE.equals(spec.get("defaultValue"));
            default -> spec.get("defaultValue") == null ? "" : spec.get("defaultValue").toString();
        };
        build.params.putIfAbsent(name, value);
    }

    private boolean allocate(Directives.Section section) {
        if (section.agent == null || "none".equals(section.agent)) {
            return false;
        }
        build.nodeDepth++;
        build.event("node " + section.agent + " for " + section.name);
        return true;
    }

    private void release(boolean node) {
        if (node) {
            build.nodeDepth--;
        }
    }

    private static void refuse(Directives.Section section, Set<String> directives) {
        directives.stream().filter(section::has).findFirst().ifPresent(directive -> {
            throw new PipelineError("the " + directive + " directive is not allowed in " + section.name);
        });
    }
}
