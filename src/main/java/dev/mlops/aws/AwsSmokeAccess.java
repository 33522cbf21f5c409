package dev.mlops.aws;

import dev.mlops.api.PredictFunction;
import dev.mlops.smoke.RequestDecorator;
import dev.mlops.smoke.SmokeAccess;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.model.DescribeEndpointResponse;

/**
 * What smoke tests use of AWS: {@code DescribeEndpoint} for the config an endpoint serves, a SigV4
 * signer for IAM-authorised APIs, and {@code InvokeEndpoint} through the product's handler for
 * {@code --direct}. Clients are made on first use, so a run against an open API needs none.
 */
final class AwsSmokeAccess implements SmokeAccess {
    private final Supplier<AwsClients> clients;
    private final Clock clock;

    AwsSmokeAccess(Supplier<AwsClients> clients, Clock clock) {
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public Optional<String> liveConfig(String endpointName) {
        try {
            DescribeEndpointResponse endpoint = clients.get().sageMaker().describeEndpoint(r -> r.endpointName(endpointName));
            return Optional.ofNullable(endpoint.endpointConfigName());
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw AwsErrors.translate("describe endpoint " + endpointName, e);
        }
    }

    @Override
    public Optional<RequestDecorator> iamSigner() {
        AwsClients aws = clients.get();
        return Optional.of(new SigV4Signer(aws.credentials(), aws.region().id(), clock));
    }

    @Override
    public Optional<Direct> direct(String endpointName, Duration timeout) {
        AwsClients aws = clients.get();
        URI url = URI.create(aws.runtimeUrl().toString().replaceAll("/+$", "") + "/endpoints/" + endpointName
                + "/invocations");
        return Optional.of(new Direct(url, new DirectInvocation(new PredictFunction(endpointName, aws.runtime(timeout)))));
    }
}
