package dev.mlops.pipeline;

import dev.mlops.InputException;

/** Runs a model-build pipeline to its end on one backend (in-process locally, SageMaker on AWS). */
public interface PipelineRunner {
    BuildResult run(BuildPlan plan, BuildListener listener);

    /**
     * Follows an execution that is already running (started by an earlier, interrupted or timed-out
     * build) to its end, without starting anything. Only remote backends have such executions.
     */
    default BuildResult attach(String executionArn, RunOptions options, BuildListener listener) {
        throw new InputException("cannot attach to execution " + executionArn
                + ": --attach works only with --backend aws");
    }
}
