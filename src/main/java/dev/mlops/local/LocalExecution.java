package dev.mlops.local;

import dev.mlops.ml.BinaryMetrics;
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
    final Map<String, String> artifacts = new LinkedHashMap<>();
    PreparedData prepared;
    XgbModel.Trained trained;
    BinaryMetrics metrics;
    Optional<String> gateFailure = Optional.empty();
    Optional<RegisteredPackage> registered = Optional.empty();
    Instant startedAt = Instant.EPOCH;

    LocalExecution(BuildPlan plan, String id) {
        this.plan = plan;
        this.id = id;
        String pipeline = plan.pipeline().spec().name();
        this.arn = "arn:aws:sagemaker:local:000000000000:pipeline/" + pipeline.toLowerCase() + "/execution/" + id;
        this.artifactPrefix = "s3://mlops-artifacts/" + pipeline + "/" + id + "/";
    }
}
