package dev.mlops.deploy;

import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.gitops.InvalidDesiredStateException;
import dev.mlops.pipeline.ServingVersion;
import dev.mlops.pipeline.ServingVersions;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelRegistry;
import java.util.ArrayList;
import java.util.List;

/**
 * The version each environment's endpoint serves now (live, not desired: a rollout in progress or
 * a failed one still serves the old version), with the metrics the registry recorded for it.
 */
public final class ServedVersions implements ServingVersions {
    private final DesiredStateStore desired;
    private final ModelRegistry registry;
    private final EnvironmentObserver observer;

    public ServedVersions(DesiredStateStore desired, ModelRegistry registry, EnvironmentObserver observer) {
        this.desired = desired;
        this.registry = registry;
        this.observer = observer;
    }

    @Override
    public List<ServingVersion> now() {
        List<ServingVersion> serving = new ArrayList<>();
        for (String env : desired.environments()) {
            try {
                observer.observe(env).state().live().version()
                        .flatMap(live -> registry.find(ModelPackageRef.parse(live)))
                        .ifPresent(p -> serving.add(new ServingVersion(env, p.ref().toString(), p.metrics(),
                                p.description().orElse("not recorded"))));
            } catch (InvalidDesiredStateException e) {
                // an environment whose file cannot be read names no endpoint to look at; mlops status reports it
            }
        }
        return List.copyOf(serving);
    }
}
