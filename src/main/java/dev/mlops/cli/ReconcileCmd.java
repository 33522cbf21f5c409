package dev.mlops.cli;

import dev.mlops.ExitCodes;
import dev.mlops.Sleeper;
import dev.mlops.backend.Backend;
import dev.mlops.deploy.ReconcileRequest;
import dev.mlops.deploy.ReconcileResult;
import dev.mlops.deploy.Reconciler;
import dev.mlops.local.ControllerState;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Makes an environment's endpoint serve its desired version, and records sync and health.",
            "Reads the environment's desired state (Git) and the live endpoint, applies the difference, waits until",
            "the endpoint serves the requested version (not merely InService) and records sync and health.",
            "Running it again when nothing changed changes nothing. Without --once it reconciles every --every until stopped."})
final class ReconcileCmd extends BaseCommand implements Callable<Integer> {

    @Option(names = "--env", required = true, description = "The environment, e.g. staging or prod.")
    String env;

    @Option(names = "--once", description = "One reconcile, then exit with its outcome.")
    boolean once;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to wait for the endpoint before exiting 3 (the deployment goes on) (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--poll", defaultValue = "500ms", converter = DurationConverter.class,
            description = "How often to look at the endpoint while waiting (default: ${DEFAULT-VALUE}).")
    Duration poll;

    @Option(names = "--every", defaultValue = "30s", converter = DurationConverter.class,
            description = "Time between reconciles without --once (default: ${DEFAULT-VALUE}).")
    Duration every;

    @Override
    public Integer call() throws InterruptedException {
        Printer printer = printer();
        try (Backend backend = openBackend(); ControllerState state = openState()) {
            Reconciler reconciler = new Reconciler(new Reconciler.Ports(state.desiredState(), backend.registry(),
                    backend.endpoints(), state.statuses()), Clock.systemUTC(), Sleeper.SYSTEM);
            while (true) {
                ReconcileResult result = reconciler.reconcile(new ReconcileRequest(env, timeout, poll));
                printer.result(result.status().toMap(), env + ": " + result.status().sync() + ", "
                        + result.status().health() + " - " + result.status().message());
                if (once) {
                    return switch (result.outcome()) {
                        case READY -> ExitCodes.OK;
                        case FAILED -> ExitCodes.FAILED;
                        case NOT_CONVERGED -> ExitCodes.STILL_RUNNING;
                    };
                }
                Thread.sleep(every.toMillis());
            }
        }
    }
}
