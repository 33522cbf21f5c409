package dev.mlops.cli;

import dev.mlops.backend.Backend;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.deploy.EnvironmentStatus;
import dev.mlops.gitops.DesiredState;
import dev.mlops.local.ControllerState;
import dev.mlops.registry.ModelPackageRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Shows every environment: desired version (Git) vs live version (endpoint), sync and health, and the API URL.")
final class StatusCmd extends BaseCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        try (Backend backend = openBackend(); ControllerState state = openState()) {
            List<Map<String, Object>> environments = new ArrayList<>();
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-10s %-44s %-44s %-10s %-11s %s%n",
                    "ENV", "DESIRED", "LIVE", "SYNC", "HEALTH", "MESSAGE"));
            Optional<String> serving = state.servingUrl();
            for (String env : state.desiredState().environments()) {
                DesiredState desired = state.desiredState().read(env);
                Optional<EnvironmentStatus> status = state.statuses().load(env);
                Optional<EndpointDescription> live = backend.endpoints().describe(desired.spec().endpoint().name());
                String group = desired.spec().modelPackage().map(ModelPackageRef::group).orElse("");
                Map<String, Object> map = new LinkedHashMap<>(status.map(EnvironmentStatus::toMap).orElseGet(Map::of));
                map.put("env", env);
                map.put("endpoint", desired.spec().endpoint().name());
                map.put("desired_version", desired.spec().modelPackage().map(ModelPackageRef::toString).orElse(""));
                map.put("desired_commit", desired.commit());
                live.ifPresent(d -> {
                    map.put("endpoint_status", d.status().name());
                    d.liveVersion().ifPresent(v -> map.put("live_version", group + "/" + v));
                });
                serving.ifPresent(url -> map.put("api_url", url + "/api/" + env + "/predict"));
                environments.add(map);
                text.append(String.format(Locale.ROOT, "%-10s %-44s %-44s %-10s %-11s %s%n", env, map.get("desired_version"),
                        map.getOrDefault("live_version", "-"), map.getOrDefault("sync", "Unknown"),
                        map.getOrDefault("health", "Unknown"), map.getOrDefault("message", "never reconciled")));
            }
            serving.ifPresent(url -> text.append("Serving process: ").append(url).append('\n'));
            printer().result(Map.of("environments", environments), text.toString());
            return 0;
        }
    }
}
