package dev.mlops.cli;

import dev.mlops.gitops.HistoryEntry;
import dev.mlops.gitops.Trailers;
import dev.mlops.local.ControllerState;
import dev.mlops.registry.ModelPackageRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Shows an environment's desired-state history: each commit with version, who, why and the evidence.",
            "Newest first, from the desired-state repository, like 'argocd app history': the commit, when, its author,",
            "the kind of change (seed, approve, promote, rollback, reject-rollback), the version it set and the one",
            "before, the reason, and the evidence trailers (approver, smoke result, rollback rule, override)."})
final class HistoryCmd extends BaseCommand implements Callable<Integer> {
    private static final String ROW = "%-12s %-20s %-16s %-15s %-44s %s%n";
    /** The trailers people read as evidence, in this order; every trailer is in the JSON. */
    private static final List<String> EVIDENCE = List.of(Trailers.APPROVED_BY, Trailers.APPROVAL_REASON,
            Trailers.SMOKE_RESULT, Trailers.SMOKE_VARIANT, Trailers.PROMOTED_FROM, Trailers.ROLLBACK_RULE, Trailers.OVERRIDE);

    @Option(names = "--env", required = true, description = "The environment, e.g. staging or prod.")
    String env;

    @Option(names = "--max", defaultValue = "20", paramLabel = "N", description = "At most N commits (default: ${DEFAULT-VALUE}).")
    int max;

    @Override
    public Integer call() {
        try (ControllerState state = openState()) {
            List<HistoryEntry> entries = state.desiredState().history(env, max);
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, ROW, "COMMIT", "TIME", "AUTHOR", "KIND",
                    "VERSION", "WHY / EVIDENCE"));
            for (HistoryEntry entry : entries) {
                text.append(String.format(Locale.ROOT, ROW, entry.commit().substring(0, 12),
                        entry.time().toString().replaceFirst("\\.\\d+Z$", "Z"), cut(entry.author(), 16),
                        entry.kind().orElse("-"), entry.version().map(ModelPackageRef::toString).orElse("none"), why(entry)));
            }
            printer().result(Map.of("env", env, "entries", entries.stream().map(HistoryCmd::json).toList()), text.toString());
            return 0;
        }
    }

    private static Map<String, Object> json(HistoryEntry entry) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("commit", entry.commit());
        map.put("time", entry.time().toString());
        map.put("author", entry.author());
        entry.kind().ifPresent(k -> map.put("kind", k));
        entry.version().ifPresent(v -> map.put("version", v.toString()));
        entry.trailer(Trailers.PREVIOUS_VERSION).filter(v -> !v.equals("none")).ifPresent(v -> map.put("previous_version", v));
        map.put("subject", entry.subject());
        map.put("reason", entry.reason());
        map.put("trailers", entry.trailers());
        return map;
    }

    private static String why(HistoryEntry entry) {
        StringBuilder why = new StringBuilder(cut(entry.reason().replace('\n', ' '), 60));
        for (String key : EVIDENCE) {
            entry.trailer(key).ifPresent(value -> why.append(why.length() == 0 ? "" : "; ").append(key).append(": ")
                    .append(value));
        }
        return why.toString();
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
