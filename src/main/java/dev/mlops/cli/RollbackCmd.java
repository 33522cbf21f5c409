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
        description = {"Sends an environment back to its previous (or a named) Approved version.",
            "Commits the environment's previous desired version (the newest earlier Approved one in its Git",
            "history) or the version named by --to-version. Reconcile then deploys it."})
final class RollbackCmd extends BaseCommand implements Callable<Integer> {

    @Option(names = "--env", required = true, description = "The environment to roll back.")
    String env;

    @Option(names = "--to-version", paramLabel = "V", description = "The version to go to (default: the previous one).")
    Optional<Integer> toVersion;

    @Option(names = "--by", paramLabel = "NAME", description = "Who rolls back (default: the OS user).")
    Optional<String> by;

    @Option(names = "--reason", defaultValue = "", description = "Why (kept in the commit).")
    String reason;

    @Override
    public Integer call() {
        try (Backend backend = openBackend(); ControllerState state = openState()) {
            PromotionResult result = new Rollback(state.desiredState(), backend.registry()).rollback(new Rollback.Request(env,
                    toVersion, by.orElse(System.getProperty("user.name", "mlops")), reason));
            printer().result(result.toMap(), result.message() + " (commit " + result.commit().commit() + ")");
            return 0;
        }
    }
}
