package dev.mlops.pipeline;

import dev.mlops.spec.ResolvedPipeline;
import java.util.Objects;
import java.util.Optional;

/** What a runner runs: the resolved pipeline, the model-build commit it came from, and how to carry it. */
public record BuildPlan(ResolvedPipeline pipeline, Optional<String> commit, RunOptions options) {

    public BuildPlan {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(commit, "commit");
        Objects.requireNonNull(options, "options");
    }

    public BuildPlan(ResolvedPipeline pipeline, Optional<String> commit) {
        this(pipeline, commit, RunOptions.DEFAULT);
    }
}
