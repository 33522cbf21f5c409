package dev.mlops.aws;

import dev.mlops.MlopsException;
import dev.mlops.UnavailableException;
import dev.mlops.WorkFailedException;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.deploy.EndpointStatus;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.EndpointSummary;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * The endpoint port over SageMaker real-time endpoints. {@link #apply} creates the model (the
 * approved package's containers as an inference pipeline) and the endpoint config, both named
 * after the config's content hash and reused when they exist, then CreateEndpoint or UpdateEndpoint
 * with the blue/green DeploymentConfig, and returns at once; the engine polls {@link #describe}.
 * Every call goes through the SDK client of {@link AwsClients} (adaptive retries for throttling
 * and 5xx). See {@link LiveEndpoint} for how the tags turn a silent rollback into a failure, and
 * {@link EndpointCleanup} for what old configs are deleted.
 */
public final class SageMakerEndpointDeployer implements EndpointDeployer {
    private final SageMakerClient sageMaker;
    private final Supplier<EndpointRequests.Account> account;
    private final EndpointCleanup cleanup;

    /** {@code account} is resolved only when something is deployed, so describing needs no role or bucket. */
    SageMakerEndpointDeployer(SageMakerClient sageMaker, Supplier<EndpointRequests.Account> account) {
        this.sageMaker = sageMaker;
        this.account = account;
        this.cleanup = new EndpointCleanup(sageMaker);
    }

    @Override
    public Optional<EndpointDescription> describe(String endpointName) {
        return describeRaw(endpointName).map(d -> LiveEndpoint.describe(d, tags(d.endpointArn())));
    }

    @Override
    public void apply(EndpointConfig config) {
        apply(config, "");
    }

    @Override
    public void apply(EndpointConfig config, String desiredCommit) {
        Optional<DescribeEndpointResponse> current = describeRaw(config.endpointName());
        Optional<EndpointDescription> now = current.map(d -> LiveEndpoint.describe(d, tags(d.endpointArn())));
        if (now.flatMap(EndpointDescription::requestedConfigName).filter(config.configName()::equals).isPresent()
                && !now.get().gaveUp(config.configName())) {
            return; // requested already and not given up: the update under way is this one
        }
        now.filter(d -> d.status() == EndpointStatus.Failed).ifPresent(d -> {
            throw new WorkFailedException("cannot update endpoint " + d.endpointName() + ": it is Failed ("
                    + d.failureReason().orElse("no reason given") + ") and SageMaker only deletes a failed endpoint;"
                    + " delete it (aws sagemaker delete-endpoint --endpoint-name " + d.endpointName()
                    + ") and reconcile again");
        });
        EndpointRequests.Account where = account.get();
        ensureModel(config, desiredCommit, where);
        ensureEndpointConfig(config, desiredCommit, where);
        Optional<String> live = now.flatMap(EndpointDescription::liveConfigName);
        if (current.isEmpty()) {
            call("create endpoint " + config.endpointName(), () -> sageMaker.createEndpoint(b -> b
                    .endpointName(config.endpointName()).endpointConfigName(config.configName())
                    .tags(EndpointTags.request(config, desiredCommit, Optional.empty()))));
        } else {
            update(config, desiredCommit, current.get().endpointArn(), live);
        }
        Set<String> inUse = new HashSet<>(Set.of(config.configName()));
        live.ifPresent(inUse::add);
        cleanup.clean(config.endpointName(), inUse);
    }

    @Override
    public List<EndpointDescription> list() {
        List<String> names = call("list endpoints", () -> sageMaker.listEndpointsPaginator(b -> b.maxResults(100))
                .endpoints().stream().map(EndpointSummary::endpointName).toList());
        return names.stream().map(this::describe).flatMap(Optional::stream).toList();
    }

    /**
     * UpdateEndpoint first, then the tags that say it was requested: a kill between the two leaves an
     * update whose pending config still names it, never a tag that would read as a rollback.
     */
    private void update(EndpointConfig config, String desiredCommit, String endpointArn, Optional<String> live) {
        call("update endpoint " + config.endpointName() + " to config " + config.configName(),
                () -> sageMaker.updateEndpoint(b -> b.endpointName(config.endpointName())
                        .endpointConfigName(config.configName())
                        .deploymentConfig(EndpointRequests.deployment(config.policy()))));
        List<Tag> tags = EndpointTags.request(config, desiredCommit, live);
        call("tag endpoint " + config.endpointName(), () -> sageMaker.addTags(b -> b.resourceArn(endpointArn).tags(tags)));
    }

    private void ensureModel(EndpointConfig config, String desiredCommit, EndpointRequests.Account where) {
        DescribeModelPackageResponse modelPackage = call("describe model package " + config.model(),
                () -> sageMaker.describeModelPackage(b -> b.modelPackageName(config.model().arn())));
        createOrReuse("create model " + config.configName(), () -> sageMaker.createModel(EndpointRequests.model(config,
                modelPackage, where, EndpointTags.provenance(config, desiredCommit))));
    }

    private void ensureEndpointConfig(EndpointConfig config, String desiredCommit, EndpointRequests.Account where) {
        createOrReuse("create endpoint config " + config.configName(), () -> sageMaker.createEndpointConfig(
                EndpointRequests.endpointConfig(config, where, EndpointTags.provenance(config, desiredCommit))));
    }

    /** A name derived from the content that already exists is the same thing, made by an earlier attempt. */
    private static void createOrReuse(String action, Runnable create) {
        try {
            create.run();
        } catch (SdkException e) {
            if (!AwsErrors.isAlreadyExists(e)) {
                throw translate(action, e);
            }
        }
    }

    private Optional<DescribeEndpointResponse> describeRaw(String endpointName) {
        try {
            return Optional.of(sageMaker.describeEndpoint(b -> b.endpointName(endpointName)));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw translate("describe endpoint " + endpointName, e);
        }
    }

    private Map<String, String> tags(String arn) {
        Map<String, String> tags = new LinkedHashMap<>();
        call("list tags of " + arn, () -> sageMaker.listTagsPaginator(b -> b.resourceArn(arn)).tags().stream().toList())
                .forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    private static <T> T call(String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw translate(action, e);
        }
    }

    /** Throttling and 5xx beyond the SDK's retries are passing: the loop retries them with backoff. */
    private static MlopsException translate(String action, SdkException e) {
        return AwsErrors.isTransient(e) ? new UnavailableException("cannot " + action + ": " + AwsErrors.summary(e), e)
                : AwsErrors.translate(action, e);
    }
}
