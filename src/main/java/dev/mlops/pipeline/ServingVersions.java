package dev.mlops.pipeline;

import java.util.List;

/**
 * Which versions environments serve now. Asked only by a runner that writes a report, when it
 * writes it, so a build on a backend that writes none never reads the desired state.
 */
@FunctionalInterface
public interface ServingVersions {
    ServingVersions NONE = List::of;

    List<ServingVersion> now();
}
