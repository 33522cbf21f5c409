package dev.mlops.gitops;

import dev.mlops.spec.EnvironmentSpec;

/** The desired state of one environment as read at one commit of the desired-state repository. */
public record DesiredState(String env, EnvironmentSpec spec, String commit) {
}
