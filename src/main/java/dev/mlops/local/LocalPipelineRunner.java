package dev.mlops.local;

import dev.mlops.Failures;
import dev.mlops.InputException;
import dev.mlops.MlopsException;
import dev.mlops.Outcome;
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
import dev.mlops.pipeline.RegisteredPackage;
import dev.mlops.registry.ModelPackage;
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
    /** Why an execution ends Failed when its process is asked to stop mid-build. */
    static final String INTERRUPTED = "interrupted: the process running it was asked to stop (SIGINT/SIGTERM)";

    private final LocalSteps steps;
    private final ExecutionLog log;
    private final BuildLedger ledger;
    private final Clock clock;
    private final Supplier<String> ids;

    public LocalPipelineRunner(Path stateDir, SqliteModelRegistry registry, DataResolver data, Clock clock) {
        this(stateDir, registry, data, clock, ExecutionLog::newId);
    }

    LocalPipelineRunner(Path stateDir, SqliteModelRegistry registry, DataResolver data, Clock clock, Supplier<String> ids) {
        this.ledger = new BuildLedger(registry);
        this.steps = new LocalSteps(new LocalArtifactStore(stateDir), data, ledger);
        this.log = new ExecutionLog(stateDir, clock);
        this.clock = clock;
        this.ids = ids;
    }

    private record Step(String name, Consumer<LocalExecution> action) {
    }

    /**
     * Ends what dead processes left Executing; reports the package an earlier run of the same
     * build (commit, attempt, parameters, data) registered; otherwise runs the pipeline, with its
     * record in the registry ended however this process ends short of a kill -9.
     */
    @Override
    public BuildResult run(BuildPlan plan, BuildListener listener) {
        for (BuildLedger.Dead dead : ledger.failDead()) {
            log.settle(dead.executionId(), ExecutionStatus.Failed, Optional.of(dead.reason()));
            listener.info("Execution " + dead.executionId() + " marked Failed: " + dead.reason()
                    + " (pid " + dead.pid() + ")");
        }
        Optional<String> key = BuildKey.of(plan);
        Optional<ModelPackage> earlier = key.flatMap(ledger::registered);
        if (earlier.isPresent()) {
            return reported(plan, earlier.get(), listener);
        }
        LocalExecution execution = new LocalExecution(plan, ids.get(), key);
        ledger.started(execution.id, key);
        try (AbortGuard guard = new AbortGuard(execution.id, listener).arm()) {
            BuildResult result = execute(execution, listener);
            ledger.finished(execution.id, result.status(), result.failureReason());
            log.finished(execution, result);
            return result;
        } catch (RuntimeException e) {
            RuntimeException clear = Failures.explain(e).map(RuntimeException.class::cast).orElse(e);
            try {
                ledger.finished(execution.id, ExecutionStatus.Failed, Optional.of(reason(clear)));
            } catch (RuntimeException recordFailure) {
                clear.addSuppressed(recordFailure);
            }
            throw clear;
        } finally {
            ledger.released(execution.id);
        }
    }

    private BuildResult execute(LocalExecution execution, BuildListener listener) {
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
            } catch (RuntimeException | OutOfMemoryError e) {
                MlopsException clear = e instanceof OutOfMemoryError ? steps.heapExceeded(step.name(), execution)
                        : Failures.explain(e).orElse(null);
                results.add(StepResult.failed(step.name(), clock.millis() - start,
                        clear != null ? clear.getMessage() : reason(e)));
                failure = clear != null && clear.outcome() == Outcome.INPUT ? FailureKind.INPUT : FailureKind.WORK;
            }
            listener.stepFinished(results.get(results.size() - 1));
            if (step.name().equals("QualityGate") && failure == FailureKind.NONE) {
                pipeline.add(execution.gateFailure.isPresent() ? new Step("GateFailed", steps::fail)
                        : new Step("Register", steps::register));
            }
        }
        return result(execution, results, failure);
    }

    /** The result of the earlier run that registered {@code p} for this very build. */
    private BuildResult reported(BuildPlan plan, ModelPackage p, BuildListener listener) {
        String id = p.executionId().orElse("unknown");
        log.settle(id, ExecutionStatus.Succeeded, Optional.empty());
        int attempt = plan.options().attempt();
        listener.info("Commit " + plan.commit().orElseThrow() + ", attempt " + attempt + " is already registered as "
                + p.ref() + " by execution " + id + "; reporting it instead of registering another"
                + " (use --attempt " + (attempt + 1) + " to build it again)");
        return new BuildResult(id, LocalExecution.arn(plan.pipeline().spec().name(), id), ExecutionStatus.Succeeded,
                List.of(), p.metrics(), Optional.of(new RegisteredPackage(p.group(), p.version(), p.arn(),
                        p.approvalStatus().name())), artifact(p, "report"), artifact(p, "evaluation"), plan.commit(),
                Optional.empty(), FailureKind.NONE);
    }

    private Optional<String> artifact(ModelPackage p, String name) {
        return Optional.ofNullable(p.artifacts().get(name)).map(uri -> steps.localPath(uri).toString());
    }

    /**
     * While a build runs, a shutdown hook (SIGINT, SIGTERM) ends its record Failed, as the AWS
     * runner's guard stops its remote execution, so no record says Executing for a process that
     * is gone; a registration committed before the signal stays and a rerun reports it.
     */
    private final class AbortGuard implements AutoCloseable {
        private final String id;
        private final BuildListener listener;
        private Thread hook;

        AbortGuard(String id, BuildListener listener) {
            this.id = id;
            this.listener = listener;
        }

        AbortGuard arm() {
            hook = new Thread(this::onAbort, "mlops-abort-" + id);
            Runtime.getRuntime().addShutdownHook(hook);
            return this;
        }

        private void onAbort() {
            try {
                ledger.finished(id, ExecutionStatus.Failed, Optional.of(INTERRUPTED));
                log.settle(id, ExecutionStatus.Failed, Optional.of(INTERRUPTED));
                listener.info("mlops: interrupted; execution " + id + " is marked Failed (a package it registered stays)");
            } catch (RuntimeException e) {
                listener.info("mlops: interrupted; could not mark execution " + id + " Failed: " + e.getMessage());
            }
        }

        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down and the hook runs; it finishes on its own
            }
        }
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

    private static String reason(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.startsWith("cannot ") || message.startsWith("quality gate") ? message : "unexpected error: " + message;
    }
}
