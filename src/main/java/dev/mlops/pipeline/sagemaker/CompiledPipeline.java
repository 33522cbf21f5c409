package dev.mlops.pipeline.sagemaker;

import java.util.List;

/**
 * A compiled pipeline: the definition JSON (Version 2020-12-01) for CreatePipeline or
 * UpdatePipeline, the names of its steps (including those inside the condition step) and
 * parameters, and the files to upload before an execution starts.
 */
public record CompiledPipeline(String definition, List<String> steps, List<String> parameters, List<CodeUpload> uploads) {

    public CompiledPipeline {
        steps = List.copyOf(steps);
        parameters = List.copyOf(parameters);
        uploads = List.copyOf(uploads);
    }
}
