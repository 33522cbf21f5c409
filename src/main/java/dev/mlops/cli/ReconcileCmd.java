package dev.mlops.cli;

import dev.mlops.ControlLoop;
import dev.mlops.Polling;
import dev.mlops.Sleeper;
import dev.mlops.backend.Backend;
import dev.mlops.deploy.EnvironmentStatus;
import dev.mlops.deploy.ReconcileRequest;
import dev.mlops.deploy.ReconcileRequest.Mode;
import dev.mlops.deploy.ReconcileResult;
import dev.mlops.deploy.Reconciler;
import dev.mlops.local.ControllerState;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reconcile", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Makes an environment's endpoint serve its desired version, and records sync and health.",
            "Reads the environment's desired state (Git) and the live endpoint, applies the difference, waits until",
            "the endpoint serves the requested version (not merely InService) and records the outcome and conditions.",
            "Running it again when nothing changed changes nothing. --once retries a deployment that failed; without",
            "--once it reconciles until stopped: every --every, sooner while a deployment goes on, with backoff while",
            "Git or the endpoint fail, and without retrying a failed deployment until the desired state changes.",
            "--no-correct only reports: a difference (a new version, or a change made by hand) ends as DriftDetected",
            "and nothing is written to the endpoint."},
        exitCodeListHeading = "%nExit codes (--once):%n",
        exitCodeList = {"0:the endpoint serves the desired version", "1:stalled (not approved, failed deployment, drift under --no-correct...) or a dependency failed",
            "2:usage or input error", "3:not converged yet: the deployment goes on", "70:internal error"})
final class ReconcileCmd extends BaseCommand implements Callable<Integer> {

    @Option(names = "--env", required = true, description = "The environment, e.g. staging or prod.")
    String env;

    @Option(names = "--once", description = "One reconcile, then exit with its outcome.")
    boolean once;

    @Option(names = "--timeout", defaultValue = "10m", converter = DurationConverter.class,
            description = "How long to wait for the endpoint before exiting 3 (the deployment goes on) (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--poll", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Look at the endpoint every DURATION while waiting (default: the backend's pace: 500 ms locally;"
                + " on AWS 2 s doubling to 30 s, or mlops.yaml's poll_interval and max_poll_interval).")
    Optional<Duration> poll;

    @Option(names = "--every", defaultValue = "30s", converter = DurationConverter.class,
            description = "Time between reconciles without --once (default: ${DEFAULT-VALUE}).")
    Duration every;

    @Option(names = "--no-correct", description = "Report a difference between the endpoint and Git (DriftDetected, exit 1)"
            + " without changing the endpoint.")
    boolean noCorrect;

    @Override
    public Integer call() {
        Printer printer = printer();
        Optional<Polling> fixed = poll.map(Polling::every);
        ControlLoop loop = new ControlLoop(every, "--every", Sleeper.SYSTEM, printer::passError);
        try (Backend backend = openBackend(); ControllerState state = openState()) {
            Polling polling = fixed.orElseGet(backend::polling);
            ReconcileRequest first = new ReconcileRequest(env, timeout, polling, mode(Mode.CORRECT_AND_RETRY));
            Reconciler reconciler = new UseCases(backend, state).reconciler();
            if (once) {
                ReconcileResult result = reconciler.reconcile(first);
                printer.result(result.status().toMap(), text(result.status()));
                return result.outcome().exitCode();
            }
            ReconcileRequest pass = new ReconcileRequest(env, timeout, polling, mode(Mode.CORRECT));
            return loop.run(() -> {
                ReconcileResult result = reconciler.reconcile(pass);
                printer.pass(result.status().toMap(), text(result.status()));
                return result.outcome();
            });
        }
    }

    private Mode mode(Mode correcting) {
        return noCorrect ? Mode.REPORT_ONLY : correcting;
    }

    static String text(EnvironmentStatus status) {
        return status.env() + ": " + status.state().sync() + ", " + status.state().health() + " (" + status.reason()
                + ") - " + status.message();
    }
}
