package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pipeline execution. Each tick completes steps that ran their course, starts the steps
 * whose dependencies all succeeded (and whose Condition branch was taken), and ends the
 * execution when nothing runs any more.
 */
final class Execution implements Scope {
    static final String STEP_FAILURE = "Step failure: One or multiple steps failed.";

    private final String id;
    private final String arn;
    private final Pipeline pipeline;
    private final PipelineDefinition definition;
    private final Map<String, JsonNode> parameters;
    private final ObjectNode fields;
    private final Instant created;
    private final Map<String, StepRun> runs = new LinkedHashMap<>();
    private final Map<String, Boolean> outcomes = new HashMap<>();
    private final Map<String, JsonNode> stepProperties = new HashMap<>();
    private final Map<String, JsonNode> propertyFiles = new HashMap<>();
    private final Expressions expressions = new Expressions(this);
    private String status = "Executing";
    private Instant lastModified;

    /** What StartPipelineExecution decided: the id, typed parameters and the describe fields. */
    record Start(String id, Pipeline pipeline, Map<String, JsonNode> parameters, ObjectNode fields, Instant created) {
    }

    Execution(Start start) {
        this.id = start.id();
        this.arn = Arns.execution(start.pipeline().name(), id);
        this.pipeline = start.pipeline();
        this.definition = pipeline.definition();
        this.parameters = Map.copyOf(start.parameters());
        this.fields = start.fields().deepCopy();
        this.created = start.created();
        this.lastModified = created;
    }

    String id() {
        return id;
    }

    String arn() {
        return arn;
    }

    String pipelineArn() {
        return pipeline.arn();
    }

    String status() {
        return status;
    }

    Instant created() {
        return created;
    }

    Expressions expressions() {
        return expressions;
    }

    boolean active() {
        return "Executing".equals(status) || "Stopping".equals(status);
    }

    void begin(Engine engine) {
        startReady(engine);
        finishIfIdle(engine.now());
    }

    void tick(Engine engine) {
        if ("Stopping".equals(status)) {
            runs.values().stream().filter(StepRun::running).forEach(r -> r.stopped(engine.now()));
            end("Stopped", engine.now());
        } else if ("Executing".equals(status)) {
            for (StepRun run : List.copyOf(runs.values())) {
                if (run.running() && run.advance(engine.ticksPerStep())) {
                    engine.complete(this, run);
                }
            }
            if (runs.values().stream().noneMatch(r -> "Failed".equals(r.status()))) {
                startReady(engine);
            }
            finishIfIdle(engine.now());
        }
    }

    /** False when the execution already ended; stopping twice is harmless. */
    boolean stop() {
        if ("Executing".equals(status)) {
            status = "Stopping";
            runs.values().stream().filter(StepRun::running).forEach(StepRun::stopping);
        }
        return active() || "Stopped".equals(status);
    }

    void recordProperties(String step, JsonNode properties) {
        stepProperties.put(step, properties);
    }

    void recordPropertyFile(String fileName, JsonNode document) {
        propertyFiles.put(fileName, document);
    }

    void recordOutcome(String conditionStep, boolean outcome) {
        outcomes.put(conditionStep, outcome);
    }

    /** Steps in the order they started. */
    List<StepRun> steps() {
        return new ArrayList<>(runs.values());
    }

    ObjectNode describe() {
        ObjectNode out = fields.deepCopy();
        out.put("PipelineArn", pipeline.arn()).put("PipelineExecutionArn", arn);
        out.put("PipelineExecutionStatus", status);
        failureReason().ifPresent(f -> out.put("FailureReason", f));
        out.set("CreationTime", Json.time(created));
        out.set("LastModifiedTime", Json.time(lastModified));
        return out;
    }

    ObjectNode summary() {
        ObjectNode out = Json.object();
        out.put("PipelineExecutionArn", arn).put("PipelineExecutionStatus", status);
        out.set("StartTime", Json.time(created));
        Json.copy(fields, out, "PipelineExecutionDisplayName", "PipelineExecutionDescription");
        failureReason().ifPresent(f -> out.put("PipelineExecutionFailureReason", f));
        return out;
    }

    @Override
    public Optional<JsonNode> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    @Override
    public Optional<JsonNode> executionVariable(String name) {
        return Optional.ofNullable(switch (name) {
            case "PipelineExecutionId" -> id;
            case "PipelineExecutionArn" -> arn;
            case "PipelineName" -> pipeline.name();
            default -> null;
        }).map(TextNode::valueOf);
    }

    @Override
    public Optional<JsonNode> stepProperties(String stepName) {
        return Optional.ofNullable(stepProperties.get(stepName));
    }

    @Override
    public Optional<JsonNode> propertyFile(String fileName) {
        return Optional.ofNullable(propertyFiles.get(fileName));
    }

    private void startReady(Engine engine) {
        for (StepSpec spec : definition.steps().values()) {
            if (!runs.containsKey(spec.name()) && branchTaken(spec) && dependenciesSucceeded(spec)) {
                StepRun run = new StepRun(spec, engine.now());
                runs.put(spec.name(), run);
                engine.start(this, run);
            }
        }
    }

    private boolean branchTaken(StepSpec spec) {
        return spec.branch().map(b -> Boolean.valueOf(b.whenTrue()).equals(outcomes.get(b.conditionStep())))
                .orElse(true);
    }

    private boolean dependenciesSucceeded(StepSpec spec) {
        return spec.dependsOn().stream()
                .allMatch(d -> runs.containsKey(d) && "Succeeded".equals(runs.get(d).status()));
    }

    private void finishIfIdle(Instant now) {
        if (runs.values().stream().anyMatch(StepRun::running)) {
            return;
        }
        boolean failed = runs.values().stream().anyMatch(r -> "Failed".equals(r.status()));
        end(failed ? "Failed" : "Succeeded", now);
    }

    private void end(String finalStatus, Instant now) {
        status = finalStatus;
        lastModified = now;
    }

    /** A Fail step's ErrorMessage explains the execution; any other failed step gives SageMaker's generic reason. */
    private Optional<String> failureReason() {
        if (!"Failed".equals(status)) {
            return Optional.empty();
        }
        return runs.values().stream()
                .filter(r -> r.spec().is("Fail") && "Failed".equals(r.status()))
                .map(r -> r.failure().orElse(""))
                .findFirst().or(() -> Optional.of(STEP_FAILURE));
    }
}
