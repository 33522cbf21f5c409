package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What running a step does: job steps get a job name, ARN and properties when they start;
 * at completion a Condition step evaluates, a Fail step fails, a RegisterModel step registers a
 * package, and steps with property files produce the configured evaluation report.
 */
final class Engine {
    /** Step type -> (metadata key, ARN resource type). */
    private static final Map<String, String[]> JOBS = Map.of(
            "Processing", new String[] {"ProcessingJob", "processing-job"},
            "Training", new String[] {"TrainingJob", "training-job"},
            "Transform", new String[] {"TransformJob", "transform-job"},
            "Tuning", new String[] {"TuningJob", "hyper-parameter-tuning-job"},
            "Model", new String[] {"Model", "model"},
            "CreateModel", new String[] {"Model", "model"});

    /** Where a step without property files writes its report, if it has an output named "evaluation". */
    private static final JsonNode DEFAULT_REPORT = Json.object()
            .put("OutputName", "evaluation").put("FilePath", "evaluation.json");

    private final VirtualClock clock;
    private final ModelRegistry registry;
    private final Optional<FakeS3> s3;
    private final Map<String, String> injectedFailures = new HashMap<>();
    private Map<String, Double> metrics = Map.of();
    private int ticksPerStep = 2;

    Engine(VirtualClock clock, ModelRegistry registry, Optional<FakeS3> s3) {
        this.clock = clock;
        this.registry = registry;
        this.s3 = s3;
    }

    Instant now() {
        return clock.now();
    }

    int ticksPerStep() {
        return ticksPerStep;
    }

    void ticksPerStep(int ticks) {
        if (ticks < 1) {
            throw new IllegalArgumentException("a step needs at least one tick, got " + ticks);
        }
        ticksPerStep = ticks;
    }

    void metrics(Map<String, Double> evaluationMetrics) {
        metrics = Map.copyOf(evaluationMetrics);
    }

    void failStep(String stepName, String reason) {
        injectedFailures.put(stepName, reason);
    }

    void healStep(String stepName) {
        injectedFailures.remove(stepName);
    }

    void start(Execution execution, StepRun run) {
        String[] job = JOBS.get(run.spec().type());
        if (job == null) {
            return;
        }
        try {
            JsonNode resolved = execution.expressions().resolve(run.spec().arguments());
            ObjectNode properties = resolved.isObject() ? (ObjectNode) resolved : Json.object();
            String name = jobName(execution, run.spec());
            String arn = Arns.of(job[1], name);
            properties.put(job[0] + "Name", name).put(job[0] + "Arn", arn);
            if (run.spec().is("Training")) {
                String output = Json.text(properties.path("OutputDataConfig"), "S3OutputPath").orElseThrow(() ->
                        new StepFailure("training step " + run.spec().name() + " has no OutputDataConfig.S3OutputPath"));
                properties.putObject("ModelArtifacts").put("S3ModelArtifacts",
                        output.replaceAll("/+$", "") + "/" + name + "/output/model.tar.gz");
            }
            run.metadata().putObject(job[0]).put("Arn", arn);
            execution.recordProperties(run.spec().name(), properties);
        } catch (StepFailure failure) {
            run.fail(failure.getMessage(), now());
        }
    }

    void complete(Execution execution, StepRun run) {
        try {
            Optional.ofNullable(injectedFailures.get(run.spec().name())).ifPresent(reason -> {
                throw new StepFailure(reason);
            });
            switch (run.spec().type()) {
                case "Condition" -> condition(execution, run);
                case "Fail" -> fail(execution, run);
                case "RegisterModel" -> registerModel(execution, run);
                default -> produceFiles(execution, run.spec());
            }
            run.succeed(now());
        } catch (StepFailure failure) {
            run.fail(failure.getMessage(), now());
        }
    }

    private void condition(Execution execution, StepRun run) {
        boolean outcome = new Conditions(execution.expressions()).all(run.spec().arguments().path("Conditions"));
        run.metadata().putObject("Condition").put("Outcome", outcome ? "True" : "False");
        execution.recordOutcome(run.spec().name(), outcome);
    }

    private void fail(Execution execution, StepRun run) {
        String message = execution.expressions().resolve(run.spec().arguments().path("ErrorMessage")).asText("");
        run.metadata().putObject("Fail").put("ErrorMessage", message);
        throw new StepFailure(message);
    }

    private void registerModel(Execution execution, StepRun run) {
        JsonNode request = execution.expressions().resolve(run.spec().arguments());
        String group = Json.text(request, "ModelPackageGroupName")
                .orElseThrow(() -> new StepFailure("RegisterModel step needs a ModelPackageGroupName"));
        try {
            registry.ensureGroup(group);
            String arn = registry.createPackage(request);
            run.metadata().putObject("RegisterModel").put("Arn", arn);
        } catch (ApiError e) {
            throw new StepFailure(e.getMessage());
        }
    }

    /** Every property file holds the evaluation report; it also lands in S3 when the fake shares one. */
    private void produceFiles(Execution execution, StepSpec spec) {
        JsonNode report = EvaluationReport.of(metrics);
        for (JsonNode file : spec.propertyFiles()) {
            execution.recordPropertyFile(file.path("PropertyFileName").asText(), report);
            write(execution, spec, file, report);
        }
        if (spec.propertyFiles().isEmpty()) {
            write(execution, spec, DEFAULT_REPORT, report);
        }
    }

    /** Writes to {@code <S3Uri of the output named OutputName>/<FilePath>}, if the step has that output. */
    private void write(Execution execution, StepSpec spec, JsonNode file, JsonNode report) {
        if (s3.isEmpty()) {
            return;
        }
        String output = file.path("OutputName").asText();
        execution.stepProperties(spec.name())
                .flatMap(p -> Expressions.navigate(p, "ProcessingOutputConfig.Outputs['" + output + "'].S3Output.S3Uri"))
                .map(JsonNode::asText)
                .ifPresent(uri -> s3.get().put(uri.replaceAll("/+$", "") + "/" + file.path("FilePath").asText(),
                        Json.write(report).getBytes(StandardCharsets.UTF_8)));
    }

    /** SageMaker names pipeline jobs {@code pipelines-<execution id>-<step>}, within 63 characters. */
    private static String jobName(Execution execution, StepSpec spec) {
        String name = "pipelines-" + execution.id() + "-" + spec.name().replaceAll("[^A-Za-z0-9-]", "-");
        return name.length() > 63 ? name.substring(0, 63) : name;
    }
}
