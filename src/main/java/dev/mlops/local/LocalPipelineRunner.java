package dev.mlops.local;

import dev.mlops.InputException;
import dev.mlops.data.DataResolver;
import dev.mlops.data.LocalArtifactStore;
import dev.mlops.ml.ModelQualityJson;
import dev.mlops.pipeline.BuildListener;
import dev.mlops.pipeline.BuildPlan;
import dev.mlops.pipeline.BuildResult;
import dev.mlops.pipeline.ExecutionStatus;
import dev.mlops.pipeline.FailureKind;
import dev.mlops.pipeline.PipelineRunner;
import dev.mlops.pipeline.StepResult;
import dev.mlops.registry.ModelRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs the model-build pipeline on this machine, step by step as SageMaker would:
 * Preprocess, Train, Evaluate, QualityGate, then Register or GateFailed (the compiled SageMaker
 * pipeline's step names, so results read the same on both backends). A failed step stops the
 * execution with its reason; nothing is registered unless every step before Register passed.
 */
public final class LocalPipelineRunner implements PipelineRunner {
    private final LocalSteps steps;
    private final ExecutionLog log;
    private final Clock clock;
    private final Supplier<String> ids;

    public LocalPipelineRunner(Path stateDir, ModelRegistry registry, DataResolver data, Clock clock) {
        this(stateDir, registry, data, clock, ExecutionLog::newId);
    }

    LocalPipelineRunner(Path stateDir, ModelRegistry registry, DataResolver data, Clock clock, Supplier<String> ids) {
        this.steps = new LocalSteps(new LocalArtifactStore(stateDir), data, registry);
        this.log = new ExecutionLog(stateDir, clock);
        this.clock = clock;
        this.ids = ids;
    }

    private record Step(String name, Consumer<LocalExecution> action) {
    }

    @Override
    public BuildResult run(BuildPlan plan, BuildListener listener) {
        LocalExecution execution = new LocalExecution(plan, ids.get());
        listener.executionStarted(execution.id, execution.arn);
        log.started(execution);
        List<StepResult> results = new ArrayList<>();
        List<Step> pipeline = new ArrayList<>(List.of(new Step("Preprocess", steps::preprocess),
                new Step("Train", steps::train), new Step("Evaluate", steps::evaluate),
                new Step("QualityGate", steps::qualityGate)));
        FailureKind failure = FailureKind.NONE;
        for (int i = 0; i < pipeline.size() && failure == FailureKind.NONE; i++) {
            Step step = pipeline.get(i);
            listener.stepStarted(step.name());
            long start = clock.millis();
            try {
                step.action().accept(execution);
                results.add(StepResult.succeeded(step.name(), clock.millis() - start));
            } catch (InputException e) {
                results.add(StepResult.failed(step.name(), clock.millis() - start, e.getMessage()));
                failure = FailureKind.INPUT;
            } catch (RuntimeException e) {
                results.add(StepResult.failed(step.name(), clock.millis() - start, reason(e)));
                failure = FailureKind.WORK;
            }
            listener.stepFinished(results.get(results.size() - 1));
            if (step.name().equals("QualityGate") && failure == FailureKind.NONE) {
                pipeline.add(execution.gateFailure.isPresent() ? new Step("GateFailed", steps::fail)
                        : new Step("Register", steps::register));
            }
        }
        BuildResult result = result(execution, results, failure);
        log.finished(execution, result);
        return result;
    }

    private BuildResult result(LocalExecution execution, List<StepResult> results, FailureKind failure) {
        Optional<String> reason = results.stream().filter(r -> r.failureReason().isPresent())
                .map(r -> r.name() + ": " + r.failureReason().get()).findFirst();
        Map<String, Double> metrics = execution.metrics == null ? Map.of() : ModelQualityJson.headline(execution.metrics);
        return new BuildResult(execution.id, execution.arn,
                failure == FailureKind.NONE ? ExecutionStatus.Succeeded : ExecutionStatus.Failed, results, metrics,
                execution.registered, local(execution, "report"), local(execution, "evaluation"),
                execution.plan.commit(), reason, failure);
    }

    private Optional<String> local(LocalExecution execution, String artifact) {
        return Optional.ofNullable(execution.artifacts.get(artifact)).map(uri -> steps.localPath(uri).toString());
    }

    private static String reason(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.startsWith("cannot ") || message.startsWith("quality gate") ? message : "unexpected error: " + message;
    }
}
