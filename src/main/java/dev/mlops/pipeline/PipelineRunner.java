package dev.mlops.pipeline;

/** Runs a model-build pipeline to its end on one backend (in-process locally, SageMaker on AWS). */
public interface PipelineRunner {
    BuildResult run(BuildPlan plan, BuildListener listener);
}
