package dev.mlops.cli;

import dev.mlops.backend.Backend;
import dev.mlops.gitops.ApprovalWatcher;
import dev.mlops.gitops.WatchResult;
import dev.mlops.local.ControllerState;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "watch-approvals", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Turns approvals in the registry into staging's desired version (a Git commit).",
            "A newly Approved package becomes staging's desired version (one Git commit);",
            "rejecting the version staging wants sends staging back to the newest Approved one.",
            "Each status change takes effect once, across restarts. Without --once it polls until stopped",
            "and prints one result per pass (one JSON object per line with --output json)."})
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
    public Integer call() throws InterruptedException {
        Printer printer = printer();
        try (Backend backend = openBackend(); ControllerState state = openState()) {
            ApprovalWatcher watcher = new ApprovalWatcher(backend.registry(), state.desiredState(), state.watchCursor(), env);
            while (true) {
                WatchResult result = watcher.poll(group);
                printer.result(result.toMap(), result.message() + (result.changes().isEmpty() ? ""
                        : " [" + String.join(", ", result.changes()) + "]"));
                if (once) {
                    return 0;
                }
                Thread.sleep(interval.toMillis());
            }
        }
    }
}
