package dev.mlops.cli;

import dev.mlops.Durations;
import dev.mlops.ExitCodes;
import dev.mlops.backend.Backend;
import dev.mlops.gitops.git.JGitSourceCommits;
import dev.mlops.local.ControllerState;
import dev.mlops.pipeline.BuildCommand;
import dev.mlops.pipeline.BuildListener;
import dev.mlops.pipeline.BuildResult;
import dev.mlops.pipeline.FailureKind;
import dev.mlops.pipeline.RunOptions;
import dev.mlops.pipeline.StepResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "build", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the model-build pipeline (Preprocess, Train, Evaluate, QualityGate, Register) and registers"
            + " the model PendingManualApproval.", "Progress goes to stderr; the result to stdout."})
final class BuildCmd extends BaseCommand implements Callable<Integer> {

    @Option(names = "--pipeline", defaultValue = "pipelines/model-build.yaml", paramLabel = "FILE",
            description = "The pipeline spec (default: ${DEFAULT-VALUE}).")
    Path pipeline;

    @Option(names = "--data", paramLabel = "URI",
            description = "The input data: a path, file://, s3://bucket/key or generated://ai4i?rows=N&seed=S (overrides the spec).")
    Optional<String> data;

    @Option(names = "--param", paramLabel = "NAME=VALUE", mapFallbackValue = "",
            description = "Overrides a pipeline parameter; repeatable.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--commit", paramLabel = "SHA",
            description = "The model-build commit to record (default: HEAD of the Git repository holding the pipeline file).")
    Optional<String> commit;

    @Option(names = "--timeout", paramLabel = "DURATION",
            description = "How long this command follows the execution (e.g. 90m, 2h); then it exits 3 and the execution"
                + " goes on (aws backend).")
    Optional<String> timeout;

    @Option(names = "--attach", paramLabel = "ARN",
            description = "Follows an execution already running (after a --timeout or a lost agent) instead of starting one"
                + " (aws backend).")
    Optional<String> attach;

    @Option(names = "--on-abort", defaultValue = "stop", paramLabel = "stop|leave",
            description = "On SIGINT/SIGTERM, stop the execution (default) or leave it running (aws backend).")
    RunOptions.AbortAction onAbort;

    @Option(names = "--attempt", defaultValue = "1", paramLabel = "N",
            description = "Starts attempt N of this commit; a rerun of the same attempt follows the execution it already"
                + " started (aws) or reports the package it already registered (local; default: ${DEFAULT-VALUE}).")
    int attempt;

    @Override
    public Integer call() {
        Printer printer = printer();
        RunOptions options = new RunOptions(timeout.map(t -> Durations.parse(t, "--timeout")), onAbort, attempt);
        BuildListener listener = FaultPause.wrap(progress(printer), Optional.ofNullable(System.getenv(FaultPause.VARIABLE)),
                printer);
        try (Backend backend = openBackend(); ControllerState state = openState();
                InterruptReport interrupted = InterruptReport.arm(printer, "build", "a package it registered stays"
                        + " registered, and the same command run again reports it")) {
            BuildResult result = attach.isPresent()
                    ? backend.pipelineRunner().attach(attach.get(), options, listener)
                    : new BuildCommand(backend.pipelineRunner(), new JGitSourceCommits())
                            .pipeline(pipeline).data(data).parameters(params).commit(commit).options(options)
                            .serving(new UseCases(backend, state).servedVersions()).listener(listener).call();
            printer.result(result.toMap(), text(result));
            return exitCode(result.failureKind());
        }
    }

    static int exitCode(FailureKind kind) {
        return switch (kind) {
            case NONE -> ExitCodes.OK;
            case INPUT -> ExitCodes.USAGE;
            case WORK -> ExitCodes.FAILED;
            case STILL_RUNNING -> ExitCodes.STILL_RUNNING;
        };
    }

    private static BuildListener progress(Printer printer) {
        return new BuildListener() {
            @Override
            public void executionStarted(String executionId, String executionArn) {
                printer.progress("Execution " + executionId + " started (" + executionArn + ")");
            }

            @Override
            public void stepStarted(String step) {
                printer.progress(String.format(Locale.ROOT, "  %-12s Executing", step));
            }

            @Override
            public void stepFinished(StepResult r) {
                printer.progress(String.format(Locale.ROOT, "  %-12s %s in %d ms%s", r.name(), r.status(), r.durationMs(),
                        r.failureReason().map(reason -> ": " + reason).orElse("")));
            }

            @Override
            public void info(String message) {
                printer.progress("  " + message);
            }
        };
    }

    private static String text(BuildResult result) {
        StringBuilder text = new StringBuilder();
        text.append("Execution ").append(result.executionId()).append(' ').append(result.status()).append('\n');
        String label = result.failureKind() == FailureKind.STILL_RUNNING ? "Still running: " : "Failure: ";
        result.failureReason().ifPresent(reason -> text.append(label).append(reason).append('\n'));
        if (!result.metrics().isEmpty()) {
            text.append("Metrics:");
            result.metrics().forEach((name, value) -> text.append(String.format(Locale.ROOT, " %s=%.4f", name, value)));
            text.append('\n');
        }
        result.modelPackage().ifPresent(p -> text.append("Registered ").append(p.group()).append('/').append(p.version())
                .append(" (").append(p.approvalStatus()).append(") ").append(p.arn()).append('\n'));
        result.report().ifPresent(r -> text.append("Report: ").append(r).append('\n'));
        result.evaluation().filter(e -> result.report().isEmpty()).ifPresent(e -> text.append("Evaluation: ").append(e).append('\n'));
        result.commit().ifPresent(c -> text.append("Commit: ").append(c).append('\n'));
        return text.toString();
    }
}
