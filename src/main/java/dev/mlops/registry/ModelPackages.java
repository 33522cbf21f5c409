package dev.mlops.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The JSON and text shapes of a model package that every host prints. A model version named on its
 * own is always {@code group/version} (the {@code ref}, the form every command takes); a package
 * object also carries SageMaker's parts: the group, the version number in it and the ARN.
 */
public final class ModelPackages {
    private ModelPackages() {
    }

    public static Map<String, Object> toMap(ModelPackage p) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("ref", p.ref().toString());
        map.put("group", p.group());
        map.put("version", p.version());
        map.put("arn", p.arn());
        map.put("approval_status", p.approvalStatus().name());
        map.put("package_status", p.packageStatus());
        map.put("created_at", p.createdAt().toString());
        map.put("metrics", p.metrics());
        map.put("artifacts", p.artifacts());
        p.sourceCommit().ifPresent(c -> map.put("source_commit", c));
        p.executionId().ifPresent(e -> map.put("execution_id", e));
        p.description().ifPresent(d -> map.put("description", d));
        map.put("approval_history", p.history().stream().map(ModelPackages::event).toList());
        return map;
    }

    public static String describe(ModelPackage p) {
        StringBuilder text = new StringBuilder();
        text.append(p.ref()).append("  ").append(p.approvalStatus()).append('\n');
        text.append("  arn:       ").append(p.arn()).append('\n');
        text.append("  created:   ").append(p.createdAt()).append('\n');
        p.sourceCommit().ifPresent(c -> text.append("  commit:    ").append(c).append('\n'));
        p.executionId().ifPresent(e -> text.append("  execution: ").append(e).append('\n'));
        p.metrics().forEach((k, v) -> text.append(String.format(Locale.ROOT, "  %-10s %.4f%n", k + ":", v)));
        p.artifacts().forEach((k, v) -> text.append("  artifact ").append(k).append(": ").append(v).append('\n'));
        text.append("  history:\n");
        p.history().forEach(e -> text.append("    ").append(e.at()).append("  ")
                .append(e.from().map(f -> f + " -> ").orElse("registered ")).append(e.to()).append(" by ").append(e.by())
                .append(e.reason().isEmpty() ? "" : ": " + e.reason()).append('\n'));
        return text.toString();
    }

    private static Map<String, Object> event(ApprovalEvent e) {
        Map<String, Object> map = new LinkedHashMap<>();
        e.from().ifPresent(f -> map.put("from", f.name()));
        map.put("to", e.to().name());
        map.put("by", e.by());
        map.put("at", e.at().toString());
        map.put("reason", e.reason());
        return map;
    }
}
