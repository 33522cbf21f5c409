package dev.mlops.cli;

import dev.mlops.backend.Backend;
import dev.mlops.registry.ApprovalChange;
import dev.mlops.registry.ApprovalRequest;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelPackages;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "Lists, describes, approves and rejects model packages in the registry.")
final class ModelsCmd extends BaseCommand {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists a group's packages, newest first.")
    int list(@Option(names = "--group", required = true, paramLabel = "GROUP",
            description = "The model package group.") String group) {
        try (Backend backend = openBackend()) {
            List<ModelPackage> packages = backend.registry().list(group);
            StringBuilder text = new StringBuilder(packages.isEmpty() ? "No model packages in group " + group + "\n" : "");
            if (!packages.isEmpty()) {
                text.append(String.format(Locale.ROOT, "%-8s %-22s %-21s %-8s %s%n", "VERSION", "STATUS", "CREATED", "AUC", "COMMIT"));
            }
            packages.forEach(p -> text.append(String.format(Locale.ROOT, "%-8d %-22s %-21s %-8s %s%n", p.version(),
                    p.approvalStatus(), p.createdAt().toString().replaceFirst("\\.\\d+Z$", "Z"),
                    Optional.ofNullable(p.metrics().get("auc")).map(a -> String.format(Locale.ROOT, "%.4f", a)).orElse("-"),
                    p.sourceCommit().map(c -> c.substring(0, Math.min(12, c.length()))).orElse("-"))));
            printer().result(Map.of("group", group, "model_packages", packages.stream().map(ModelPackages::toMap).toList()),
                    text.toString());
            return 0;
        }
    }

    @Command(name = "describe", mixinStandardHelpOptions = true, description = "Shows one package with its approval history.")
    int describe(@Parameters(paramLabel = "GROUP/VERSION", description = "The package, e.g. my-group/3.") String ref) {
        try (Backend backend = openBackend()) {
            ModelPackage p = backend.registry().describe(ModelPackageRef.parse(ref));
            printer().result(ModelPackages.toMap(p), ModelPackages.describe(p));
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approves a package; an approval watcher then deploys it to staging.")
    int approve(@Parameters(paramLabel = "GROUP/VERSION") String ref, @Option(names = "--reason", defaultValue = "",
            description = "Why (kept in the history).") String reason, @Option(names = "--by", paramLabel = "NAME",
            description = "Who decides (default: the OS user).") Optional<String> by) {
        return decide(ref, ApprovalStatus.Approved, reason, by);
    }

    @Command(name = "reject", mixinStandardHelpOptions = true,
            description = "Rejects a package; if staging wants it, staging rolls back to the previous approved version.")
    int reject(@Parameters(paramLabel = "GROUP/VERSION") String ref, @Option(names = "--reason", defaultValue = "",
            description = "Why (kept in the history).") String reason, @Option(names = "--by", paramLabel = "NAME",
            description = "Who decides (default: the OS user).") Optional<String> by) {
        return decide(ref, ApprovalStatus.Rejected, reason, by);
    }

    private int decide(String ref, ApprovalStatus to, String reason, Optional<String> by) {
        String who = by.orElse(System.getProperty("user.name", "unknown"));
        try (Backend backend = openBackend()) {
            ApprovalChange change = backend.registry().updateApproval(new ApprovalRequest(ModelPackageRef.parse(ref), to, who, reason));
            ModelPackage p = change.modelPackage();
            Map<String, Object> json = new java.util.LinkedHashMap<>(ModelPackages.toMap(p));
            json.put("changed", change.changed());
            printer().result(json, change.changed() ? p.ref() + " is now " + p.approvalStatus() + " (by " + who + ")"
                    : p.ref() + " was already " + p.approvalStatus() + "; nothing changed");
            return 0;
        }
    }
}
