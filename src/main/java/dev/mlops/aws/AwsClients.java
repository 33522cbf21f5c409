package dev.mlops.aws;

import dev.mlops.InputException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * The one place AWS SDK clients are made, all configured alike: the url-connection HTTP client
 * (the other HTTP clients on the class path are never picked implicitly), the SDK's adaptive
 * retry mode with room to ride out a throttling storm, call time-outs, and credentials from the
 * default chain, a profile, or an assumed role that refreshes itself before it expires.
 */
public final class AwsClients implements AutoCloseable {
    static final Duration CALL_TIMEOUT = Duration.ofMinutes(3);
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(60);
    static final Duration ROLE_SESSION = Duration.ofHours(1);

    private final Region region;
    private final SdkHttpClient http;
    private final AwsCredentialsProvider base;
    private final AwsCredentialsProvider credentials;
    private final Optional<StsClient> sts;
    private final SageMakerClient sageMaker;
    private final S3Client s3;
    private final Optional<URI> runtimeEndpoint;
    private final List<SageMakerRuntimeClient> runtimes = new ArrayList<>();

    private AwsClients(AwsSettings settings) {
        this.region = region(settings);
        this.http = UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60)).build();
        AwsCredentialsProvider base = settings.profile().<AwsCredentialsProvider>map(ProfileCredentialsProvider::create)
                .orElseGet(() -> DefaultCredentialsProvider.builder().build());
        this.base = base;
        this.sts = settings.roleArn().map(role -> {
            var sts = StsClient.builder().region(region).credentialsProvider(base).httpClient(http)
                    .overrideConfiguration(overrides(settings.maxAttempts()));
            settings.stsEndpoint().ifPresent(sts::endpointOverride);
            return sts.build();
        });
        this.credentials = settings.roleArn().<AwsCredentialsProvider>map(role -> assumeRole(sts.orElseThrow(), role))
                .orElse(base);
        var sageMakerBuilder = SageMakerClient.builder().region(region).credentialsProvider(credentials)
                .httpClient(http).overrideConfiguration(overrides(settings.maxAttempts()));
        settings.sageMakerEndpoint().ifPresent(sageMakerBuilder::endpointOverride);
        this.sageMaker = sageMakerBuilder.build();
        var s3Builder = S3Client.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(overrides(settings.maxAttempts()));
        // an endpoint override (a test fake, LocalStack, a VPC endpoint URL) rarely resolves bucket subdomains
        settings.s3Endpoint().ifPresent(endpoint -> s3Builder.endpointOverride(endpoint).forcePathStyle(true));
        this.s3 = s3Builder.build();
        this.runtimeEndpoint = settings.runtimeEndpoint();
    }

    public static AwsClients create(AwsSettings settings) {
        return new AwsClients(settings);
    }

    public SageMakerClient sageMaker() {
        return sageMaker;
    }

    public S3Client s3() {
        return s3;
    }

    public Region region() {
        return region;
    }

    /** The credentials every client signs with (the default chain, a profile, or the assumed role). */
    AwsCredentialsProvider credentials() {
        return credentials;
    }

    /** SageMaker Runtime's base URL: the override, else the region's public endpoint. */
    URI runtimeUrl() {
        return runtimeEndpoint.orElse(URI.create("https://runtime.sagemaker." + region.id() + ".amazonaws.com"));
    }

    /**
     * A SageMaker Runtime client for smoke tests: one attempt per call (a smoke test never retries:
     * a pass on the second try hides a flaky endpoint) and {@code timeout} for the whole call.
     */
    synchronized SageMakerRuntimeClient runtime(Duration timeout) {
        var builder = SageMakerRuntimeClient.builder().region(region).credentialsProvider(credentials).httpClient(http)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(timeout)
                        .apiCallAttemptTimeout(timeout));
        runtimeEndpoint.ifPresent(builder::endpointOverride);
        SageMakerRuntimeClient client = builder.build();
        runtimes.add(client);
        return client;
    }

    @Override
    public void close() {
        synchronized (this) {
            runtimes.forEach(SageMakerRuntimeClient::close);
        }
        sageMaker.close();
        s3.close();
        if (credentials instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
        if (base != credentials && base instanceof SdkAutoCloseable closeable) {
            closeable.close();
        }
        sts.ifPresent(StsClient::close);
        http.close();
    }

    static ClientOverrideConfiguration overrides(int maxAttempts) {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(AwsRetryStrategy.forRetryMode(RetryMode.ADAPTIVE_V2).toBuilder()
                        .maxAttempts(maxAttempts).build())
                .apiCallTimeout(CALL_TIMEOUT)
                .apiCallAttemptTimeout(ATTEMPT_TIMEOUT)
                .build();
    }

    /**
     * Credentials of {@code role} for a session named after the user; the provider renews them a
     * few minutes before they expire, so a follow that outlasts one session goes on.
     */
    private static AwsCredentialsProvider assumeRole(StsClient sts, String role) {
        return StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                .refreshRequest(r -> r.roleArn(role).roleSessionName(sessionName(System.getProperty("user.name", "")))
                        .durationSeconds((int) ROLE_SESSION.toSeconds()))
                .prefetchTime(Duration.ofMinutes(5)).staleTime(Duration.ofMinutes(1))
                .build();
    }

    /** {@code mlops-<user>} within STS's rule: 2-64 characters of {@code [\w+=,.@-]}. */
    static String sessionName(String user) {
        String cleaned = user.toLowerCase(Locale.ROOT).replaceAll("[^\\w+=,.@-]", "-");
        String name = "mlops-" + (cleaned.isEmpty() ? "user" : cleaned);
        return name.length() > 64 ? name.substring(0, 64) : name;
    }

    private static Region region(AwsSettings settings) {
        if (settings.region().isPresent()) {
            return Region.of(settings.region().get());
        }
        try {
            var chain = DefaultAwsRegionProviderChain.builder();
            settings.profile().ifPresent(chain::profileName);
            return chain.build().getRegion();
        } catch (SdkClientException e) {
            throw new InputException("cannot find the AWS region: give --region, set AWS_REGION, aws.region in"
                    + " mlops.yaml, or a region in the AWS profile");
        }
    }
}
