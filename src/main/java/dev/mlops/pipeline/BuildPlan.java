package dev.mlops.pipeline;

import dev.mlops.spec.ResolvedPipeline;
import java.util.Optional;

/** What a runner runs: the resolved pipeline and the model-build commit it came from. */
public record BuildPlan(ResolvedPipeline pipeline, Optional<String> commit) {
}
