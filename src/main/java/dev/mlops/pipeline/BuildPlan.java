package dev.mlops.pipeline;

import dev.mlops.spec.ResolvedPipeline;
import java.util.Objects;
import java.util.Optional;

/**
 * What a runner runs: the resolved pipeline, the model-build commit it came from, how to carry it,
 * and where to learn which versions serve now (for the report to compare with).
 */
public record BuildPlan(ResolvedPipeline pipeline, Optional<String> commit, RunOptions options, ServingVersions serving) {

    public BuildPlan {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(serving, "serving");
    }

    public BuildPlan(ResolvedPipeline pipeline, Optional<String> commit, RunOptions options) {
        this(pipeline, commit, options, ServingVersions.NONE);
    }

    public BuildPlan(ResolvedPipeline pipeline, Optional<String> commit) {
        this(pipeline, commit, RunOptions.DEFAULT);
    }
}
