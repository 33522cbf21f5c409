package dev.mlops.aws;

import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.InputException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;
import software.amazon.awssdk.services.sagemaker.model.PendingDeploymentSummary;
import software.amazon.awssdk.services.sagemaker.model.ProductionVariantSummary;

/**
 * Reads a DescribeEndpoint answer and the endpoint's tags as the engine's {@link EndpointDescription}.
 *
 * <p>The requested config is the one an update under way heads for (PendingDeploymentSummary); with
 * none under way, the config this controller last requested (tag {@value EndpointTags#REQUESTED}) as
 * long as the endpoint serves it or the config it replaced (tag {@value EndpointTags#PREVIOUS}): the
 * latter is a silent rollback, which then reads as {@code gaveUp} with the endpoint's FailureReason.
 * An endpoint serving anything else was changed by someone else (the console, another tool): the
 * config it serves is then what was last requested, so the engine sees drift, not a failure.
 */
final class LiveEndpoint {
    private LiveEndpoint() {
    }

    static EndpointDescription describe(DescribeEndpointResponse d, Map<String, String> tags) {
        EndpointStatus status = status(d.endpointStatusAsString());
        Optional<String> live = text(d.endpointConfigName());
        Optional<String> pending = Optional.ofNullable(d.pendingDeploymentSummary())
                .map(PendingDeploymentSummary::endpointConfigName).flatMap(LiveEndpoint::text);
        Optional<String> ours = EndpointTags.get(tags, EndpointTags.REQUESTED);
        Optional<String> previous = EndpointTags.get(tags, EndpointTags.PREVIOUS);
        boolean ourStory = ours.isPresent() && (live.equals(ours) || live.isPresent() && live.equals(previous));
        Optional<String> requested = pending.or(() -> ourStory ? ours : live);
        boolean rolledBack = status == EndpointStatus.InService && pending.isEmpty() && ourStory && !live.equals(ours);
        Optional<String> failure = text(d.failureReason()).or(() -> rolledBack
                ? Optional.of("SageMaker rolled the update to config " + ours.get() + " back to " + live.orElseThrow())
                : Optional.empty());
        Instant modified = Optional.ofNullable(d.lastModifiedTime()).or(() -> Optional.ofNullable(d.creationTime()))
                .orElse(Instant.EPOCH);
        return new EndpointDescription(d.endpointName(), status, live, version(d), requested, failure, modified);
    }

    /** The version of the variant that serves, from its name ({@code v<version>-<hash>}); empty for names not ours. */
    private static Optional<Integer> version(DescribeEndpointResponse d) {
        if (!d.hasProductionVariants()) {
            return Optional.empty();
        }
        return d.productionVariants().stream().map(ProductionVariantSummary::variantName)
                .map(EndpointConfig::versionOfVariant).flatMap(Optional::stream).findFirst();
    }

    /** A status newer than this controller counts as still changing: waiting is the safe side. */
    static EndpointStatus status(String text) {
        try {
            return EndpointStatus.parse(text);
        } catch (InputException e) {
            return EndpointStatus.Updating;
        }
    }

    private static Optional<String> text(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
