package dev.mlops.cli;

import dev.mlops.ControlLoop;
import dev.mlops.Outcome;
import dev.mlops.Sleeper;
import dev.mlops.approval.ApprovalWatcher;
import dev.mlops.approval.WatchResult;
import dev.mlops.backend.Backend;
import dev.mlops.local.ControllerState;
import dev.mlops.promote.PromotionResult;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "watch-approvals", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turns approvals into staging's desired version and rejections into rollbacks (Git commits).",
            "A newly Approved package becomes staging's desired version (one Git commit with the approver and reason);",
            "rejecting a version rolls back every environment that wants it, prod included, by the rollback rules.",
            "Each status change takes effect once, across restarts. Without --once it polls until stopped and prints",
            "one result per pass (one JSON object per line with --output json), backing off while Git or the registry fail."})
final class WatchApprovalsCmd extends BaseCommand implements Callable<Integer> {

    @Option(names = "--group", required = true, paramLabel = "GROUP", description = "The model package group to watch.")
    String group;

    @Option(names = "--env", defaultValue = "staging", description = "The environment approvals deploy to (default: ${DEFAULT-VALUE}).")
    String env;

    @Option(names = "--once", description = "One pass, then exit.")
    boolean once;

    @Option(names = "--interval", defaultValue = "30s", converter = DurationConverter.class,
            description = "Time between passes (default: ${DEFAULT-VALUE}).")
    Duration interval;

    @Override
    public Integer call() {
        Printer printer = printer();
        ControlLoop loop = new ControlLoop(interval, "--interval", Sleeper.SYSTEM, printer::passError);
        try (Backend backend = openBackend(); ControllerState state = openState()) {
            ApprovalWatcher watcher = new UseCases(backend, state).watcher(env);
            if (once) {
                WatchResult result = watcher.poll(group);
                printer.result(result.toMap(), text(result));
                return 0;
            }
            return loop.run(() -> {
                WatchResult result = watcher.poll(group);
                printer.pass(result.toMap(), text(result));
                return Outcome.SUCCEEDED;
            });
        }
    }

    private static String text(WatchResult result) {
        StringBuilder text = new StringBuilder(result.message());
        if (!result.changes().isEmpty()) {
            text.append(" [").append(String.join(", ", result.changes())).append(']');
        }
        for (PromotionResult rollback : result.rollbacks()) {
            text.append("\n  ").append(rollback.message()).append(" (commit ").append(rollback.commit().commit()).append(')');
        }
        result.notes().forEach(note -> text.append("\n  note: ").append(note));
        return text.toString();
    }
}
