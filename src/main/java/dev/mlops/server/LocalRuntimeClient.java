package dev.mlops.server;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The real AWS SDK SageMaker Runtime client pointed at a local serving process: it signs with
 * placeholder credentials (nothing checks them) and sends real InvokeEndpoint requests over HTTP.
 */
public final class LocalRuntimeClient {
    private LocalRuntimeClient() {
    }

    public static SageMakerRuntimeClient create(URI baseUri) {
        return SageMakerRuntimeClient.builder()
                .endpointOverride(baseUri)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // Like a Lambda's own time-out: a stuck call ends and the API answers 502 instead of hanging.
                .overrideConfiguration(c -> c.apiCallTimeout(Duration.ofSeconds(30)))
                .build();
    }
}
