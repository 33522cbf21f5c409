package dev.mlops.server;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;

/**
 * The real AWS SDK SageMaker Runtime client pointed at a local serving process: it signs with
 * placeholder credentials (nothing checks them) and sends real InvokeEndpoint requests over HTTP.
 * One per process, tuned for the API route's in-process calls: a pool of kept-alive connections,
 * one per API worker (the JDK client behind {@code UrlConnectionHttpClient} keeps five),
 * and the endpoint resolved once instead of by the SDK's rules engine on every call.
 */
public final class LocalRuntimeClient {
    private static final int WARM_UP_CALLS = 200;

    private LocalRuntimeClient() {
    }

    /** A client with as many pooled connections as a default serve process has API workers. */
    public static SageMakerRuntimeClient create(URI baseUri) {
        return create(baseUri, ServingOptions.DEFAULT_THREADS);
    }

    /**
     * A client with {@code connections} pooled connections: one per API worker, as the serving
     * process counts them against the loopback address's connection limit (32 by default).
     */
    static SageMakerRuntimeClient create(URI baseUri, int connections) {
        Endpoint endpoint = Endpoint.builder().url(baseUri).build();
        return SageMakerRuntimeClient.builder()
                .endpointOverride(baseUri)
                .endpointProvider(params -> CompletableFuture.completedFuture(endpoint))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(connections).tcpKeepAlive(true)
                        // Closed before the server's 30 s idle time-out does, so a pooled connection is never stale.
                        .connectionMaxIdleTime(Duration.ofSeconds(20)).expectContinueEnabled(false))
                // Like a Lambda's own time-out: a stuck call ends and the API answers 502 instead of hanging.
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }

    /**
     * Sends a few hundred calls through the whole SDK pipeline (signing, HTTP, error parsing) to an
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
