package dev.mlops.smoke;

import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.deploy.EndpointDescription;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * What a backend lends the smoke tests: which endpoint config an endpoint serves (to name the
 * config that answered), and, on AWS, a SigV4 signer for IAM-authorised APIs and a way to invoke
 * the endpoint directly. A backend without one says so by answering empty.
 */
public interface SmokeAccess {

    /** The endpoint config the endpoint serves now; empty when it does not exist (or serves nothing). */
    Optional<String> liveConfig(String endpointName);

    /** Signs requests for an API that takes IAM authorisation; empty when the backend has no AWS credentials. */
    Optional<RequestDecorator> iamSigner();

    /** Invokes the endpoint itself, bypassing the API; empty when the backend cannot. */
    Optional<Direct> direct(String endpointName, Duration timeout);

    /**
     * A transport to the endpoint itself: {@code url} names what it calls (for reports and the
     * record), {@code transport} calls it.
     */
    record Direct(URI url, SmokeTransport transport) {
    }

    /** The access of a backend that only deploys: live configs from its endpoints, no signer, no direct calls. */
    static SmokeAccess of(EndpointDeployer endpoints) {
        return new SmokeAccess() {
            @Override
            public Optional<String> liveConfig(String endpointName) {
                return endpoints.describe(endpointName).flatMap(EndpointDescription::liveConfigName);
            }

            @Override
            public Optional<RequestDecorator> iamSigner() {
                return Optional.empty();
            }

            @Override
            public Optional<Direct> direct(String endpointName, Duration timeout) {
                return Optional.empty();
            }
        };
    }
}
