package dev.mlops.server;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;

/**
 * The real AWS SDK SageMaker Runtime client of a serving process's API route: it builds, signs (with
 * placeholder credentials nothing checks) and parses real InvokeEndpoint requests, which the
 * process's own routes answer in-process ({@link InProcessHttpClient}). The endpoint is resolved
 * once instead of by the SDK's rules engine on every call.
 */
final class LocalRuntimeClient {
    private static final int WARM_UP_CALLS = 200;

    private LocalRuntimeClient() {
    }

    /**
     * A client whose requests {@code routes} answers on the calling thread. No call time-out: with no
     * connection there is nothing to hang on, and nothing a time-out could cut short.
     */
    static SageMakerRuntimeClient inProcess(URI baseUri, Consumer<BufferedExchange> routes) {
        Endpoint endpoint = Endpoint.builder().url(baseUri).build();
        return SageMakerRuntimeClient.builder()
                .endpointOverride(baseUri)
                .endpointProvider(params -> CompletableFuture.completedFuture(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(new InProcessHttpClient(routes))
                .build();
    }

    /**
     * Sends a few hundred calls through the whole SDK pipeline (signing, routing, error parsing) to an
     * endpoint that does not exist, so that the first API requests after start do not pay for class
     * loading and compilation (a fresh serve managed about 64 req/s on the API route for its first 5 s).
     * Nothing is scored or captured. Runs on a daemon thread; stops early when the server does.
     */
    static void warmUp(SageMakerRuntimeClient runtime) {
        Thread thread = new Thread(() -> {
            InvokeEndpointRequest request = InvokeEndpointRequest.builder().endpointName("mlops-warm-up")
                    .contentType("text/csv").body(SdkBytes.fromUtf8String("0")).build();
            for (int i = 0; i < WARM_UP_CALLS; i++) {
                try {
                    runtime.invokeEndpoint(request);
                } catch (SdkException expected) {
                    // A 404 ValidationError is the answer; a closed client ends the warm-up.
                    if (!(expected instanceof AwsServiceException)) {
                        return;
                    }
                } catch (IllegalStateException closed) {
                    return;
                }
            }
        }, "mlops-api-warm-up");
        thread.setDaemon(true);
        thread.start();
    }
}
