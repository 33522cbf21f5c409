package dev.mlops.cli;

import dev.mlops.backend.Backend;
import dev.mlops.local.ControllerState;
import dev.mlops.promote.PromotionResult;
import dev.mlops.promote.Rollback;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "rollback", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sends an environment back to a version it served before: a promotion backwards.",
            "Without --to-version, commits the newest earlier Approved version of the environment's Git history.",
            "--to-version V is accepted only if the environment served V before, or the environment it is promoted",
            "from served V and passed a smoke run of it on its own API; anything else is refused (exit 1) unless",
            "--force --reason TEXT overrides it, which the commit records. Reconcile then deploys it."})
final class RollbackCmd extends BaseCommand implements Callable<Integer> {

    @Option(names = "--env", required = true, description = "The environment to roll back.")
    String env;

    @Option(names = "--to-version", paramLabel = "V", description = "The version to go to (default: the previous one).")
    Optional<Integer> toVersion;

    @Option(names = "--by", paramLabel = "NAME", description = "Who rolls back (default: the OS user).")
    Optional<String> by;

    @Option(names = "--reason", defaultValue = "", paramLabel = "TEXT", description = "Why (kept in the commit).")
    String reason;

    @Option(names = "--force", description = "Go to --to-version even if the rules refuse it; needs --reason, recorded.")
    boolean force;

    @Override
    public Integer call() {
        Rollback.Request request = Rollback.Request.manual(env, toVersion,
                by.orElse(System.getProperty("user.name", "mlops")), reason, force);
        try (Backend backend = openBackend(); ControllerState state = openState()) {
            PromotionResult result = new UseCases(backend, state).rollback().rollback(request);
            printer().result(result.toMap(), result.message() + " (commit " + result.commit().commit() + ")");
            return 0;
        }
    }
}
