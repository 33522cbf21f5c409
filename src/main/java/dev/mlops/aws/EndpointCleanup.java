package dev.mlops.aws;

import dev.mlops.deploy.EndpointConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.EndpointConfigSortKey;
import software.amazon.awssdk.services.sagemaker.model.EndpointConfigSummary;
import software.amazon.awssdk.services.sagemaker.model.OrderKey;

/**
 * Deletes an endpoint's old endpoint configs and their models (named alike) beyond the newest
 * {@value #KEEP}, never the live or the requested one. Best effort: whatever fails (a denied
 * DeleteModel, throttling) is left for the next cleanup and never fails the deployment.
 */
final class EndpointCleanup {
    static final int KEEP = 3;

    private final SageMakerClient sageMaker;

    EndpointCleanup(SageMakerClient sageMaker) {
        this.sageMaker = sageMaker;
    }

    /** Returns the configs deleted. */
    List<String> clean(String endpointName, Set<String> inUse) {
        List<String> deleted = new ArrayList<>();
        try {
            List<String> ours = sageMaker.listEndpointConfigsPaginator(b -> b.nameContains(endpointName)
                            .sortBy(EndpointConfigSortKey.CREATION_TIME).sortOrder(OrderKey.DESCENDING))
                    .endpointConfigs().stream().map(EndpointConfigSummary::endpointConfigName)
                    .filter(name -> belongsTo(name, endpointName)).toList();
            for (String name : ours.subList(Math.min(KEEP, ours.size()), ours.size())) {
                if (!inUse.contains(name) && delete(name)) {
                    deleted.add(name);
                }
            }
        } catch (SdkException e) {
            // listing failed: nothing deleted, the next deployment tries again
        }
        return deleted;
    }

    /** {@code <endpoint, maybe shortened>-v<version>-<hash>}: the names {@link EndpointConfig} gives this endpoint's configs. */
    static boolean belongsTo(String configName, String endpointName) {
        int at = configName.lastIndexOf("-v");
        if (at <= 0 || EndpointConfig.versionOfVariant(configName.substring(at + 1)).isEmpty()) {
            return false;
        }
        String prefix = configName.substring(0, at);
        boolean shortened = endpointName.length() + configName.length() - at > 63;
        return prefix.equals(endpointName) || shortened && endpointName.startsWith(prefix);
    }

    private boolean delete(String name) {
        try {
            sageMaker.deleteEndpointConfig(b -> b.endpointConfigName(name));
        } catch (SdkException e) {
            if (!AwsErrors.isNotFound(e)) {
                return false;
            }
        }
        try {
            sageMaker.deleteModel(b -> b.modelName(name));
        } catch (SdkException e) {
            // a model already gone, or not ours to delete: the config is what mattered
        }
        return true;
    }
}
