package dev.mlops.aws;

import dev.mlops.MlopsException;
import dev.mlops.pipeline.BuildListener;
import dev.mlops.pipeline.BuildResult;
import dev.mlops.pipeline.ExecutionStatus;
import dev.mlops.pipeline.FailureKind;
import dev.mlops.pipeline.RegisteredPackage;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.PipelineExecutionStep;

/**
 * Turns a followed execution into the build result every backend returns: status, steps, the
 * package the RegisterModel step registered, metrics from the evaluation report in S3 (the
 * package's model-quality report, else the Evaluate step's output, which also exists when the
 * quality gate refused the model), and why it failed.
 */
final class ExecutionResults {
    private final SageMakerClient sageMaker;
    private final S3Store s3;

    ExecutionResults(SageMakerClient sageMaker, S3Store s3) {
        this.sageMaker = sageMaker;
        this.s3 = s3;
    }

    /** What the build knew when it started; {@code definition} is the one the execution runs, if known. */
    record Context(Optional<String> commit, Optional<String> definition) {
    }

    BuildResult of(ExecutionFollower.Outcome outcome, Context context, BuildListener listener) {
        String arn = outcome.executionArn();
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        Optional<DescribeModelPackageResponse> registered = registered(outcome);
        registered.ifPresent(d -> annotate(d, context.commit(), arn, listener));
        Optional<String> evaluation = registered.flatMap(PackageMapper::evaluationUri)
                .or(() -> context.definition().flatMap(d -> EvaluationLocation.of(d, id)));
        Map<String, Double> metrics = evaluation.flatMap(this::read).map(EvaluationMetrics::parse).orElse(Map.of());
        if (!metrics.isEmpty()) {
            listener.info("Metrics: " + metrics);
        }
        Optional<RegisteredPackage> pkg = registered.map(d -> new RegisteredPackage(d.modelPackageGroupName(),
                d.modelPackageVersion(), d.modelPackageArn(), d.modelApprovalStatusAsString()));
        if (outcome.stillRunningBecause().isPresent()) {
            String why = outcome.stillRunningBecause().get() + "; the execution goes on in SageMaker;"
                    + " follow it again with: mlops build --attach " + arn;
            listener.info(why);
            return new BuildResult(id, arn, ExecutionStatus.Executing, outcome.results(), metrics, pkg, Optional.empty(),
                    evaluation, context.commit(), Optional.of(why), FailureKind.STILL_RUNNING);
        }
        ExecutionStatus status = outcome.status();
        return new BuildResult(id, arn, status, outcome.results(), metrics, pkg, Optional.empty(), evaluation,
                context.commit(), failureReason(outcome),
                status == ExecutionStatus.Succeeded ? FailureKind.NONE : FailureKind.WORK);
    }

    /** The first failed step and its reason, as the local backend reports it; else the execution's reason. */
    private static Optional<String> failureReason(ExecutionFollower.Outcome outcome) {
        if (outcome.status() == ExecutionStatus.Succeeded) {
            return Optional.empty();
        }
        return outcome.results().stream().filter(r -> r.failureReason().isPresent())
                .map(r -> r.name() + ": " + r.failureReason().get()).findFirst()
                .or(() -> outcome.execution().flatMap(e -> Optional.ofNullable(e.failureReason())))
                .or(() -> Optional.of("execution " + outcome.status()));
    }

    private Optional<DescribeModelPackageResponse> registered(ExecutionFollower.Outcome outcome) {
        Optional<String> arn = outcome.steps().stream().map(PipelineExecutionStep::metadata)
                .filter(m -> m != null && m.registerModel() != null && m.registerModel().arn() != null)
                .map(m -> m.registerModel().arn()).findFirst();
        try {
            return arn.map(a -> sageMaker.describeModelPackage(b -> b.modelPackageName(a)));
        } catch (SdkException e) {
            throw AwsErrors.translate("describe the registered model package " + arn.orElse(""), e);
        }
    }

    /**
     * Records commit and execution on the package as customer metadata, unless the RegisterModel
     * step already did, so {@code mlops models describe} traces a package to its source. A refusal
     * costs the trace, not the build.
     */
    private void annotate(DescribeModelPackageResponse d, Optional<String> commit, String executionArn,
                          BuildListener listener) {
        if (commit.isEmpty() || (d.hasCustomerMetadataProperties()
                && d.customerMetadataProperties().containsKey(PackageMapper.COMMIT))) {
            return;
        }
        try {
            sageMaker.updateModelPackage(b -> b.modelPackageArn(d.modelPackageArn()).customerMetadataProperties(
                    Map.of(PackageMapper.COMMIT, commit.get(), PackageMapper.EXECUTION, executionArn)));
        } catch (SdkException e) {
            listener.info("could not record the commit on " + d.modelPackageArn() + ": " + AwsErrors.summary(e));
        }
    }

    private Optional<String> read(String uri) {
        try {
            return s3.text(uri);
        } catch (MlopsException e) {
            return Optional.empty();
        }
    }
}
