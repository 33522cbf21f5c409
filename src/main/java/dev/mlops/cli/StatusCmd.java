package dev.mlops.cli;

import dev.mlops.backend.Backend;
import dev.mlops.deploy.EnvironmentObserver;
import dev.mlops.deploy.EnvironmentStatus;
import dev.mlops.gitops.InvalidDesiredStateException;
import dev.mlops.local.ControllerState;
import dev.mlops.smoke.EnvironmentApis;
import dev.mlops.smoke.SmokeRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows every environment: desired version (Git, now) vs live version (endpoint, now), sync and health.",
            "Sync and health are computed on every call, never remembered: OutOfSync whenever Git and the endpoint",
            "differ, whatever the last reconcile said; health from the endpoint and the last smoke run of its own API.",
            "Also shows the last reconcile's outcome and the environment's API URL."})
final class StatusCmd extends BaseCommand implements Callable<Integer> {
    private static final String ROW = "%-10s %-44s %-44s %-10s %-11s %s%n";

    @Option(names = "--env", paramLabel = "ENV", description = "Only this environment (default: every one).")
    Optional<String> env;

    @Override
    public Integer call() {
        try (Backend backend = openBackend(); ControllerState state = openState()) {
            EnvironmentObserver observer = new UseCases(backend, state).observer();
            EnvironmentApis apis = backend.apis(state.apis());
            List<Map<String, Object>> environments = new ArrayList<>();
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, ROW, "ENV", "DESIRED", "LIVE", "SYNC", "HEALTH",
                    "MESSAGE"));
            // A name the repository does not have fails in observe() with the names it has.
            for (String env : this.env.map(List::of).orElseGet(state.desiredStateAtOneCommit()::environments)) {
                Map<String, Object> map = new LinkedHashMap<>();
                try {
                    EnvironmentObserver.Observation seen = observer.observe(env);
                    map.putAll(seen.state().toMap());
                    apis.configured(seen.target().desired().spec()).ifPresent(url -> map.put("api_url", url.toString()));
                } catch (InvalidDesiredStateException e) {
                    map.put("env", env);
                    map.put("sync", EnvironmentStatus.Sync.OutOfSync.name());
                    map.put("health", EnvironmentStatus.Health.Degraded.name());
                    map.put("message", e.getMessage());
                }
                state.statuses().load(env).ifPresent(last -> map.put("last_reconcile", lastReconcile(last)));
                state.smokeResults().lastEvidence(env).ifPresent(run -> map.put("last_smoke", lastSmoke(run)));
                environments.add(map);
                text.append(String.format(Locale.ROOT, ROW, env, map.getOrDefault("desired_version", "-"),
                        map.getOrDefault("live_version", "-"), map.get("sync"), map.get("health"), map.get("message")));
            }
            state.servingUrl().ifPresent(url -> text.append("Serving process: ").append(url).append('\n'));
            printer().result(Map.of("environments", environments), text.toString());
            return 0;
        }
    }

    private static Map<String, Object> lastReconcile(EnvironmentStatus last) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("outcome", last.outcome().name());
        map.put("reason", last.reason().name());
        map.put("message", last.message());
        map.put("at", last.updatedAt().toString());
        last.revisions().lastAttempted().ifPresent(r -> map.put("last_attempted_revision", r));
        last.revisions().lastApplied().ifPresent(r -> map.put("last_applied_revision", r));
        map.put("conditions", last.toMap().get("conditions"));
        return map;
    }

    private static Map<String, Object> lastSmoke(SmokeRecord run) {
        Map<String, Object> map = new LinkedHashMap<>();
        run.answeredBy().version().ifPresent(v -> map.put("version", v));
        run.answeredBy().variant().ifPresent(v -> map.put("variant", v));
        map.put("passed", run.passed());
        map.put("summary", run.summary());
        map.put("url", run.called().url());
        map.put("at", run.at().toString());
        map.put("report", run.reportPath());
        return map;
    }
}
