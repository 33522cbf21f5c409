package dev.mlops.pipeline;

import dev.mlops.spec.PipelineSpec;
import dev.mlops.spec.PipelineSpecParser;
import dev.mlops.spec.ResolvedPipeline;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The push-to-build use case: read the pipeline spec, bind its parameters, find the commit, and
 * have the backend's runner carry the pipeline to a registered model (or a failure with reason).
 */
public final class BuildCommand {
    private final PipelineRunner runner;
    private final SourceCommits commits;
    private Path pipelineFile = Path.of("pipelines", "model-build.yaml");
    private Optional<String> data = Optional.empty();
    private final Map<String, String> parameters = new LinkedHashMap<>();
    private Optional<String> commit = Optional.empty();
    private BuildListener listener = BuildListener.NONE;
    private RunOptions options = RunOptions.DEFAULT;
    private ServingVersions serving = ServingVersions.NONE;

    public BuildCommand(PipelineRunner runner, SourceCommits commits) {
        this.runner = runner;
        this.commits = commits;
    }

    public BuildCommand pipeline(Path file) {
        this.pipelineFile = file;
        return this;
    }

    public BuildCommand data(Optional<String> uri) {
        this.data = uri;
        return this;
    }

    public BuildCommand parameters(Map<String, String> values) {
        this.parameters.putAll(values);
        return this;
    }

    public BuildCommand commit(Optional<String> sha) {
        this.commit = sha;
        return this;
    }

    public BuildCommand options(RunOptions value) {
        this.options = value;
        return this;
    }

    /** Where the report learns which versions serve now, to put their metrics next to the new ones. */
    public BuildCommand serving(ServingVersions value) {
        this.serving = value;
        return this;
    }

    public BuildCommand listener(BuildListener value) {
        this.listener = value;
        return this;
    }

    /** The resolved pipeline this command would run; spec and parameter errors surface here. */
    public ResolvedPipeline resolve() {
        PipelineSpec spec = PipelineSpecParser.read(pipelineFile);
        return ResolvedPipeline.resolve(spec, parameters, data);
    }

    public BuildResult call() {
        ResolvedPipeline pipeline = resolve();
        Path directory = pipelineFile.toAbsolutePath().getParent();
        Optional<String> sourceCommit = commit.isPresent() ? commit : commits.head(directory);
        return runner.run(new BuildPlan(pipeline, sourceCommit, options, serving), listener);
    }
}
