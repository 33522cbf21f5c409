package dev.mlops.aws;

import dev.mlops.InputException;
import dev.mlops.smoke.RequestDecorator;
import dev.mlops.smoke.SmokeRequest;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs smoke requests to an IAM-authorised API Gateway API with SigV4 (service {@code execute-api},
 * the AWS settings' region and credentials), with the SDK's own signer. It adds the headers the
 * signer adds ({@code Authorization}, {@code X-Amz-Date}, {@code X-Amz-Security-Token} for session
 * credentials) and leaves {@code Host} to the HTTP client, which sends the same value.
 */
final class SigV4Signer implements RequestDecorator {
    static final String SERVICE = "execute-api";
    private final AwsCredentialsProvider credentials;
    private final String region;
    private final Clock clock;

    SigV4Signer(AwsCredentialsProvider credentials, String region, Clock clock) {
        this.credentials = credentials;
        this.region = region;
        this.clock = clock;
    }

    @Override
    public Map<String, String> headers(URI target, SmokeRequest request) {
        SdkHttpRequest.Builder http = SdkHttpRequest.builder().uri(target).method(SdkHttpMethod.fromValue(request.method()));
        request.headers().forEach(http::putHeader);
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(identity()).request(http.build())
                .payload(ContentStreamProvider.fromUtf8String(request.body()))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, clock));
        Map<String, String> added = new LinkedHashMap<>();
        signed.request().forEachHeader((name, values) -> {
            boolean sent = request.headers().keySet().stream().anyMatch(name::equalsIgnoreCase);
            if (!sent && !name.toLowerCase(Locale.ROOT).equals("host") && !values.isEmpty()) {
                added.put(name, values.get(0));
            }
        });
        return added;
    }

    private AwsCredentialsIdentity identity() {
        try {
            return credentials.resolveIdentity().join();
        } catch (CompletionException | SdkException e) {
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            throw new InputException("cannot sign requests to the API (api.auth: iam): no AWS credentials: "
                    + AwsErrors.summary(cause instanceof SdkException sdk ? sdk : SdkException.create(
                            String.valueOf(cause.getMessage()), cause))
                    + "; give --profile or --role-arn, or set AWS_PROFILE or the AWS_ACCESS_KEY_ID pair");
        }
    }

    @Override
    public String toString() {
        return "SigV4Signer[" + SERVICE + ", " + region + "]";
    }
}
