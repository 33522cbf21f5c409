package dev.mlops.deploy;

import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.registry.ModelRegistry;
import java.util.Optional;

/**
 * Looks at one environment now: the desired state read from Git, the live endpoint, the desired
 * package in the registry and the last smoke run that counts as evidence, and computes its state
 * with {@link StateRules}. What {@code mlops status} shows and what promotion checks.
 */
public final class EnvironmentObserver {
    private final Ports ports;

    public record Ports(DesiredStateStore desired, ModelRegistry registry, EndpointDeployer endpoints, SmokeVerdicts smoke) {
    }

    /** Everything seen, and the state computed from it. */
    public record Observation(Target target, Optional<EndpointDescription> live, Optional<SmokeVerdict> smoke,
                              EnvironmentState state) {
    }

    public EnvironmentObserver(Ports ports) {
        this.ports = ports;
    }

    public Observation observe(String env) {
        return observe(ports.desired().read(env));
    }

    /** Observes the environment whose desired state was already read. */
    public Observation observe(DesiredState desired) {
        Target target = Target.resolve(desired, ports.registry());
        Optional<EndpointDescription> live = ports.endpoints().describe(target.endpoint());
        Optional<SmokeVerdict> smoke = ports.smoke().last(desired.env());
        return new Observation(target, live, smoke, StateRules.compute(target, live, smoke));
    }
}
