package dev.mlops.aws.fake;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * API Gateway's IAM check of a request: an {@code Authorization} header of SigV4, a credential
 * scoped to the known access key, the stage's region and {@code execute-api}, an {@code X-Amz-Date}
 * within five minutes, and a signature that the SDK's own signer recomputes from the known secret
 * key over the signed headers, the path, the query and the body. Refusals carry API Gateway's words.
 */
final class SigV4Check {
    static final String SERVICE = "execute-api";
    private static final Pattern AUTHORIZATION = Pattern.compile("AWS4-HMAC-SHA256 Credential=([^/]+)/(\\d{8})/([^/]+)/([^/]+)"
            + "/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})");
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofMinutes(5);
    private final AwsCredentialsIdentity credentials;
    private final String region;

    SigV4Check(AwsCredentialsIdentity credentials, String region) {
        this.credentials = credentials;
        this.region = region;
    }

    /** Why API Gateway would refuse the request; empty when the signature holds. {@code headers} have lower-case names. */
    Optional<String> refusal(String method, URI uri, Map<String, String> headers, String body) {
        Matcher auth = AUTHORIZATION.matcher(headers.getOrDefault("authorization", ""));
        if (!auth.matches()) {
            return Optional.of(headers.containsKey("authorization") ? "Authorization header requires 'Credential',"
                    + " 'Signature' and 'SignedHeaders' parameters" : "Forbidden");
        }
        if (!auth.group(1).equals(credentials.accessKeyId())) {
            return Optional.of("The security token included in the request is invalid.");
        }
        if (!auth.group(4).equals(SERVICE) || !auth.group(3).equals(region)) {
            return Optional.of("Credential should be scoped to correct service: '" + SERVICE + "' in region '" + region + "'.");
        }
        Optional<Instant> date = date(headers.get("x-amz-date"));
        if (date.isEmpty() || Duration.between(date.get(), Instant.now()).abs().compareTo(SKEW) > 0) {
            return Optional.of("Signature expired or X-Amz-Date missing.");
        }
        String expected = signature(method, uri, headers, body, auth.group(5), date.get());
        return expected.equals(auth.group(6)) ? Optional.empty() : Optional.of("The request signature we calculated does"
                + " not match the signature you provided. Check your AWS Secret Access Key and signing method.");
    }

    private String signature(String method, URI uri, Map<String, String> headers, String body, String signedHeaders,
                             Instant at) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.fromValue(method))
                .uri(URI.create("http://" + headers.getOrDefault("host", "") + uri.getRawPath()
                        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())));
        for (String name : signedHeaders.split(";")) {
            Optional.ofNullable(headers.get(name)).ifPresent(value -> request.putHeader(name, value));
        }
        String authorization = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request.build())
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request().firstMatchingHeader("Authorization").orElse("");
        Matcher recomputed = AUTHORIZATION.matcher(authorization);
        return recomputed.matches() ? recomputed.group(6) : "";
    }

    private static Optional<Instant> date(String value) {
        try {
            return Optional.ofNullable(value).map(v -> Instant.from(AMZ_DATE.parse(v)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
