package dev.mlops.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of {@code mlops build}, the same on every backend: execution, steps, metrics of the
 * held-out split, the registered package, and where the evaluation and its report are.
 */
public record BuildResult(String executionId, String executionArn, ExecutionStatus status, List<StepResult> steps,
                          Map<String, Double> metrics, Optional<RegisteredPackage> modelPackage,
                          Optional<String> report, Optional<String> evaluation, Optional<String> commit,
                          Optional<String> failureReason, FailureKind failureKind) {

    public BuildResult {
        steps = List.copyOf(steps);
        metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    public boolean succeeded() {
        return status == ExecutionStatus.Succeeded;
    }

    /** The JSON result of {@code mlops build}, the same on every backend. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("execution_id", executionId);
        map.put("execution_arn", executionArn);
        map.put("status", status.name());
        map.put("steps", steps.stream().map(StepResult::toMap).toList());
        map.put("metrics", new LinkedHashMap<>(metrics));
        modelPackage.ifPresent(p -> {
            Map<String, Object> pkg = new LinkedHashMap<>();
            pkg.put("ref", p.group() + "/" + p.version());
            pkg.put("group", p.group());
            pkg.put("version", p.version());
            pkg.put("arn", p.arn());
            pkg.put("approval_status", p.approvalStatus());
            map.put("model_package", pkg);
        });
        qualityGate().ifPresent(gate -> map.put("quality_gate", gate));
        report.ifPresent(r -> map.put("report", r));
        evaluation.ifPresent(e -> map.put("evaluation", e));
        commit.ifPresent(c -> map.put("commit", c));
        failureReason.ifPresent(f -> map.put("failure_reason", f));
        return map;
    }

    /**
     * Whether the quality gate passed, when it ran: the gate step succeeded and its fail step
     * (GateFailed, on both backends) did not fail. Jenkins marks a build UNSTABLE on it.
     */
    private Optional<Map<String, Object>> qualityGate() {
        boolean ran = steps.stream().anyMatch(s -> s.name().equals("QualityGate") && s.status() == StepStatus.Succeeded);
        if (!ran) {
            return Optional.empty();
        }
        Optional<StepResult> failed = steps.stream().filter(s -> s.name().equals("GateFailed")).findFirst();
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("passed", failed.isEmpty());
        failed.flatMap(StepResult::failureReason).ifPresent(reason -> gate.put("message", reason));
        return Optional.of(gate);
    }
}
