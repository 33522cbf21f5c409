package dev.mlops.cli;

import dev.mlops.backend.Backend;
import dev.mlops.local.ControllerState;
import dev.mlops.promote.Promotion;
import dev.mlops.promote.PromotionResult;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "promote", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Promotes the version staging serves to prod, only with evidence.",
            "Commits the version the source environment serves as the target's desired version, only if the source",
            "is Synced and Healthy on it now, it is Approved, and the last smoke run of the source's own API with its",
            "own suite passed and was answered by that version; otherwise refuses (exit 1) naming every rule that failed."})
final class PromoteCmd extends BaseCommand implements Callable<Integer> {

    @Option(names = "--from", defaultValue = "staging", description = "Source environment (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--to", defaultValue = "prod", description = "Target environment (default: ${DEFAULT-VALUE}).")
    String to;

    @Option(names = "--approved-by", paramLabel = "NAME",
            description = "Who approves the promotion; required when the target says promotion.requires_approver.")
    Optional<String> approvedBy;

    @Override
    public Integer call() {
        try (Backend backend = openBackend(); ControllerState state = openState()) {
            PromotionResult result = new UseCases(backend, state).promotion()
                    .promote(new Promotion.Request(from, to, approvedBy, System.getProperty("user.name", "mlops")));
            printer().result(result.toMap(), result.message() + " (commit " + result.commit().commit() + ")");
            return 0;
        }
    }
}
