package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Pipeline executions. Describing an execution or listing its steps (first page only) answers
 * the current state and then ticks that execution once, so a client that polls sees every state
 * (Starting, Stopping...) once and the execution progresses without real time passing.
 */
final class ExecutionOperations {
    private static final Pattern DISPLAY_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}");

    private final VirtualClock clock;
    private final PipelineOperations pipelines;
    private final Engine engine;
    private final Supplier<String> ids;
    private final Map<String, Execution> executions = new LinkedHashMap<>();
    private final Map<String, String> startTokens = new HashMap<>();
    private int runningLimit = Integer.MAX_VALUE;

    ExecutionOperations(VirtualClock clock, PipelineOperations pipelines, Engine engine, Supplier<String> ids) {
        this.clock = clock;
        this.pipelines = pipelines;
        this.engine = engine;
        this.ids = ids;
    }

    void register(Map<String, Operation> operations) {
        operations.put("StartPipelineExecution", this::start);
        operations.put("DescribePipelineExecution", this::describe);
        operations.put("ListPipelineExecutionSteps", this::listSteps);
        operations.put("ListPipelineExecutions", this::list);
        operations.put("StopPipelineExecution", this::stop);
    }

    void runningLimit(int limit) {
        runningLimit = limit;
    }

    void tickAll() {
        executions.values().forEach(e -> e.tick(engine));
    }

    private JsonNode start(JsonNode request) {
        Pipeline pipeline = pipelines.pipeline(Json.required(request, "PipelineName"));
        String token = Tokens.check(Json.required(request, "ClientRequestToken"), "clientRequestToken");
        String tokenKey = pipeline.arn() + " " + token;
        if (startTokens.containsKey(tokenKey)) {
            return Json.object().put("PipelineExecutionArn", startTokens.get(tokenKey));
        }
        Json.text(request, "PipelineExecutionDisplayName").filter(n -> !DISPLAY_NAME.matcher(n).matches())
                .ifPresent(n -> {
                    throw ApiError.validation("1 validation error detected: Value '" + n + "' at"
                            + " 'pipelineExecutionDisplayName' failed to satisfy constraint: Member must satisfy"
                            + " regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}");
                });
        Map<String, JsonNode> parameters = ExecutionParameters.resolve(pipeline.definition(),
                request.path("PipelineParameters"));
        if (executions.values().stream().filter(Execution::active).count() >= runningLimit) {
            throw ApiError.limitExceeded("The account-level service limit 'Maximum number of concurrent pipeline"
                    + " executions' is " + runningLimit + " executions, with current utilization of "
                    + runningLimit + " executions.");
        }
        Instant now = clock.stamp();
        Execution execution = new Execution(
                new Execution.Start(ids.get(), pipeline, parameters, fields(request, pipeline, now), now));
        executions.put(execution.arn(), execution);
        startTokens.put(tokenKey, execution.arn());
        pipeline.ran(now);
        execution.begin(engine);
        return Json.object().put("PipelineExecutionArn", execution.arn());
    }

    private static ObjectNode fields(JsonNode request, Pipeline pipeline, Instant now) {
        ObjectNode fields = Json.object();
        fields.put("PipelineExecutionDisplayName", Json.text(request, "PipelineExecutionDisplayName")
                .orElse("execution-" + now.toEpochMilli()));
        Json.copy(request, fields, "PipelineExecutionDescription", "ParallelismConfiguration");
        fields.put("PipelineVersionId", pipeline.versionId());
        return fields;
    }

    private JsonNode describe(JsonNode request) {
        Execution execution = execution(request);
        JsonNode described = execution.describe();
        tick(execution);
        return described;
    }

    private JsonNode listSteps(JsonNode request) {
        Execution execution = execution(request);
        List<StepRun> steps = execution.steps();
        // newest first unless asked otherwise, as SageMaker lists them
        if (!"Ascending".equals(Json.text(request, "SortOrder").orElse("Descending"))) {
            Collections.reverse(steps);
        }
        JsonNode page = Page.write(new Page.PageRequest<>(steps, "PipelineExecutionSteps", StepRun::render, 10),
                request, Json.object());
        if (!request.has("NextToken")) {
            tick(execution);
        }
        return page;
    }

    private JsonNode list(JsonNode request) {
        Pipeline pipeline = pipelines.pipeline(Json.required(request, "PipelineName"));
        Comparator<Execution> order = "PipelineExecutionArn".equals(Json.text(request, "SortBy").orElse(""))
                ? Comparator.comparing(Execution::arn) : Comparator.comparing(Execution::created);
        if (!"Ascending".equals(Json.text(request, "SortOrder").orElse("Descending"))) {
            order = order.reversed();
        }
        Optional<Instant> after = Json.time(request, "CreatedAfter");
        Optional<Instant> before = Json.time(request, "CreatedBefore");
        List<Execution> matching = executions.values().stream()
                .filter(e -> e.pipelineArn().equals(pipeline.arn()))
                .filter(e -> after.map(e.created()::isAfter).orElse(true))
                .filter(e -> before.map(e.created()::isBefore).orElse(true))
                .sorted(order).toList();
        return Page.write(new Page.PageRequest<>(matching, "PipelineExecutionSummaries", Execution::summary, 10),
                request, Json.object());
    }

    /** Stopping is idempotent; stopping an execution that already ended is refused. */
    private JsonNode stop(JsonNode request) {
        Tokens.check(Json.required(request, "ClientRequestToken"), "clientRequestToken");
        Execution execution = execution(request);
        if (!execution.stop()) {
            throw ApiError.validation("Pipeline execution " + execution.arn() + " is in status "
                    + execution.status() + " and cannot be stopped.");
        }
        return Json.object().put("PipelineExecutionArn", execution.arn());
    }

    private Execution execution(JsonNode request) {
        String arn = Json.required(request, "PipelineExecutionArn");
        return executions.values().stream().filter(e -> e.arn().equalsIgnoreCase(arn)).findFirst()
                .orElseThrow(() -> ApiError.notFound("Pipeline execution '" + arn + "' does not exist."));
    }

    private void tick(Execution execution) {
        clock.tick();
        execution.tick(engine);
    }
}
