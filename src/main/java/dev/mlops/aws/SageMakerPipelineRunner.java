package dev.mlops.aws;

import dev.mlops.InputException;
import dev.mlops.aws.ExecutionNames.ExecutionArn;
import dev.mlops.pipeline.BuildListener;
import dev.mlops.pipeline.BuildPlan;
import dev.mlops.pipeline.BuildResult;
import dev.mlops.pipeline.PipelineRunner;
import dev.mlops.pipeline.RunOptions;
import dev.mlops.spec.PipelineSpec;
import dev.mlops.spec.ResolvedPipeline;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineExecutionResponse;

/**
 * Runs the model-build pipeline on SageMaker Pipelines: compiles the spec, stages the data,
 * uploads the code, creates or updates the pipeline and starts an execution, then follows it to
 * the same build result the local backend returns. A build of a commit that already has an
 * execution (a controller killed mid-follow, a Jenkins replay) follows that one instead of
 * starting a second; {@code --attempt N} asks for a fresh one.
 */
public final class SageMakerPipelineRunner implements PipelineRunner {
    private final AwsClients clients;
    private final AwsSettings settings;
    private final DefinitionCompiler compiler;
    private final Timing timing;
    private final SageMakerClient sageMaker;
    private final S3Store s3;

    public SageMakerPipelineRunner(AwsClients clients, AwsSettings settings, DefinitionCompiler compiler, Timing timing) {
        this.clients = clients;
        this.settings = settings;
        this.compiler = compiler;
        this.timing = timing;
        this.sageMaker = clients.sageMaker();
        this.s3 = new S3Store(clients.s3());
    }

    @Override
    public BuildResult run(BuildPlan plan, BuildListener listener) {
        PipelineSpec spec = plan.pipeline().spec();
        String name = ExecutionNames.requirePipelineName(spec.name(), spec.source());
        String root = settings.requireS3Prefix();
        String pipelineRoot = root + "/" + name;
        CodeUpload code = new CodeUpload(s3, settings.codeDir());
        DefinitionCompiler.Compiled compiled = compiler.compile(spec, new DefinitionCompiler.Target(
                clients.region().id(), settings.requireExecutionRole(), pipelineRoot, code.prefix(pipelineRoot, spec)));
        Map<String, String> parameters = parameters(plan.pipeline(), new DataStaging(s3, root + "/data"));
        Optional<String> commit = plan.commit();
        int attempt = plan.options().attempt();
        String token = ExecutionNames.token(name, commit, attempt, parameters);
        String displayName = ExecutionNames.displayName(commit, token);
        PipelineLauncher launcher = new PipelineLauncher(sageMaker);
        Optional<String> earlier = commit.isPresent() ? launcher.findRecent(name, displayName) : Optional.empty();
        if (earlier.isPresent()) {
            listener.info("Following execution " + displayName + ", started earlier for this commit and these parameters"
                    + " (use --attempt " + (attempt + 1) + " to start a new one)");
            return follow(earlier.get(), new ExecutionResults.Context(commit, Optional.of(compiled.definition())),
                    plan.options(), listener);
        }
        code.upload(compiled.files());
        listener.info("Uploaded " + compiled.files().size() + " code files; creating or updating pipeline " + name);
        Optional<Long> version = launcher.upsert(name, compiled.definition(), settings.requireExecutionRole(), tags(commit));
        String arn = launcher.start(new PipelineLauncher.Start(name, token, displayName,
                ExecutionNames.description(commit, attempt), parameters, version));
        return follow(arn, new ExecutionResults.Context(commit, Optional.of(compiled.definition())), plan.options(),
                listener);
    }

    @Override
    public BuildResult attach(String executionArn, RunOptions options, BuildListener listener) {
        ExecutionArn arn = ExecutionArn.parse(executionArn);
        DescribePipelineExecutionResponse execution;
        try {
            execution = sageMaker.describePipelineExecution(b -> b.pipelineExecutionArn(arn.arn()));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                throw new InputException("cannot attach to execution " + arn.arn() + ": SageMaker has no such execution"
                        + " in region " + clients.region().id(), e);
            }
            throw AwsErrors.translate("attach to execution " + arn.arn(), e);
        }
        Optional<String> commit = ExecutionNames.describedCommit(execution.pipelineExecutionDescription());
        listener.info("Following execution " + Optional.ofNullable(execution.pipelineExecutionDisplayName()).orElse(arn.id())
                + ", " + execution.pipelineExecutionStatusAsString() + commit.map(c -> ", commit " + c).orElse(""));
        return follow(arn.arn(), new ExecutionResults.Context(commit, definition(execution.pipelineArn())), options,
                listener);
    }

    private BuildResult follow(String executionArn, ExecutionResults.Context context, RunOptions options,
                               BuildListener listener) {
        ExecutionArn arn = ExecutionArn.parse(executionArn);
        listener.executionStarted(arn.id(), arn.arn());
        listener.info("SageMaker console: " + ExecutionNames.consoleLink(arn));
        Optional<Instant> deadline = options.timeout().map(t -> timing.clock().instant().plus(t));
        ExecutionFollower follower = new ExecutionFollower(sageMaker, settings.polling(), timing);
        ExecutionFollower.Outcome outcome;
        try (ExecutionGuard guard = new ExecutionGuard(sageMaker, arn.arn(), options.onAbort(), listener::info).arm()) {
            outcome = follower.follow(arn.arn(), deadline, listener);
        }
        return new ExecutionResults(sageMaker, s3).of(outcome, context, listener);
    }

    /**
     * Every parameter's value for this build, as SageMaker takes them (text), with the data
     * parameter pointing at the staged S3 copy of the data.
     */
    private static Map<String, String> parameters(ResolvedPipeline pipeline, DataStaging staging) {
        Map<String, String> values = new LinkedHashMap<>();
        pipeline.parameters().values().forEach((name, value) -> values.put(name, text(value)));
        PipelineSpec spec = pipeline.spec();
        Optional<String> dataParameter = spec.data().source().parameter();
        if (dataParameter.isPresent()) {
            values.put(dataParameter.get(), staging.stage(pipeline.dataSource()));
        } else if (!pipeline.dataSource().startsWith("s3://")
                || !spec.data().source().literal().orElse("").equals(pipeline.dataSource())) {
            throw new InputException("cannot run on AWS with data " + pipeline.dataSource() + ": data.source in "
                    + spec.source() + " is not bound to a parameter such as ${input_data}, so the pipeline can only"
                    + " read the s3:// location written there");
        }
        return values;
    }

    private static String text(Object value) {
        return value instanceof Double d ? BigDecimal.valueOf(d).stripTrailingZeros().toPlainString() : String.valueOf(value);
    }

    private static Map<String, String> tags(Optional<String> commit) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("mlops:managed-by", "mlops");
        commit.ifPresent(c -> tags.put("mlops:commit", c));
        return tags;
    }

    /** The definition the pipeline holds now, to find an attached execution's evaluation report. */
    private Optional<String> definition(String pipelineArn) {
        try {
            return Optional.ofNullable(sageMaker.describePipeline(b -> b.pipelineName(pipelineArn)).pipelineDefinition());
        } catch (SdkException e) {
            return Optional.empty();
        }
    }
}
