package dev.mlops.deploy;

import java.util.List;
import java.util.Optional;

/**
 * The endpoint port, shaped like SageMaker's CreateEndpoint / UpdateEndpoint / DescribeEndpoint:
 * {@link #apply} only records the desired config and returns at once; the work happens
 * asynchronously and a caller polls {@link #describe} until {@link EndpointDescription#serves} or
 * {@link EndpointDescription#gaveUp} holds for the config it applied.
 */
public interface EndpointDeployer {

    /** The endpoint's current state; empty when no config was ever applied to it. */
    Optional<EndpointDescription> describe(String endpointName);

    /**
     * Creates the endpoint or updates it to {@code config}. Applying the config that is already
     * requested changes nothing, unless that config gave up, in which case it is tried again.
     */
    void apply(EndpointConfig config);

    /**
     * {@link #apply(EndpointConfig)} on behalf of the desired-state commit {@code desiredCommit}; a
     * backend that labels what it creates (SageMaker tags) records the commit, others ignore it.
     */
    default void apply(EndpointConfig config, String desiredCommit) {
        apply(config);
    }

    /** Every endpoint, by name. */
    List<EndpointDescription> list();
}
