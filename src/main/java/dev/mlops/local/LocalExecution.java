package dev.mlops.local;

import dev.mlops.ml.BinaryMetrics;
import dev.mlops.ml.ThresholdChoice;
import dev.mlops.ml.XgbModel;
import dev.mlops.pipeline.BuildPlan;
import dev.mlops.pipeline.RegisteredPackage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the steps of one local execution hand to each other; lives only while the execution runs. */
final class LocalExecution {
    final BuildPlan plan;
    final String id;
    final String arn;
    final String artifactPrefix;
    /** The build's idempotency key; empty when no commit identifies the build. */
    final Optional<String> buildKey;
    final Map<String, String> artifacts = new LinkedHashMap<>();
    PreparedData prepared;
    XgbModel.Trained trained;
    BinaryMetrics metrics;
    ThresholdChoice threshold;
    Optional<String> gateFailure = Optional.empty();
    Optional<RegisteredPackage> registered = Optional.empty();
    Instant startedAt = Instant.EPOCH;

    LocalExecution(BuildPlan plan, String id, Optional<String> buildKey) {
        this.plan = plan;
        this.buildKey = buildKey;
        this.id = id;
        String pipeline = plan.pipeline().spec().name();
        this.arn = arn(pipeline, id);
        this.artifactPrefix = "s3://mlops-artifacts/" + pipeline + "/" + id + "/";
    }

    static String arn(String pipeline, String id) {
        return "arn:aws:sagemaker:local:000000000000:pipeline/" + pipeline.toLowerCase() + "/execution/" + id;
    }
}
