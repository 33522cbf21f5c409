package dev.mlops.aws;

import dev.mlops.Durations;
import dev.mlops.InputException;
import dev.mlops.Polling;
import dev.mlops.spec.ProjectConfig;
import dev.mlops.spec.ProjectConfig.Sourced;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the aws backend needs to know about the account it works in, resolved once per
 * invocation with the precedence flag &gt; environment &gt; config file &gt; the SDK's own default
 * chain (an empty region, profile or endpoint is left to the SDK).
 *
 * @param sageMakerEndpoint and {@code s3Endpoint}, {@code stsEndpoint}, {@code runtimeEndpoint}: overrides
 *        for tests and private endpoints (--endpoint-url covers SageMaker, S3 and SageMaker Runtime; STS
 *        only by its own setting)
 * @param s3Prefix {@code s3://bucket[/prefix]} without a trailing slash, where code, staged data and
 *        execution outputs go (required to build, not to use the registry)
 * @param executionRole the IAM role the pipeline's jobs assume (required to build)
 * @param codeDir the directory holding {@code preprocess.py}, {@code evaluate.py}, {@code inference.py}
 * @param maxAttempts attempts per AWS call, the first included (the SDK's retries); a follow
 *        additionally keeps polling through failed calls
 */
public record AwsSettings(Optional<String> region, Optional<String> profile, Optional<String> roleArn,
                          Optional<URI> sageMakerEndpoint, Optional<URI> s3Endpoint, Optional<URI> stsEndpoint,
                          Optional<URI> runtimeEndpoint, Optional<String> s3Prefix,
                          Optional<String> executionRole, Path codeDir, Polling polling, int maxAttempts) {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern ROLE = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern S3_PREFIX = Pattern.compile("s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9!_.*'()/-]*)?");

    /** How often a followed execution is polled: from {@code initial}, doubling while nothing changes, up to {@code max}. */
    /** The global command-line options of the aws backend, as given (empty when not given). */
    public record Flags(Optional<String> region, Optional<String> profile, Optional<String> roleArn,
                        Optional<String> endpointUrl, Optional<String> s3EndpointUrl, Optional<Path> config) {
        public static final Flags NONE = new Flags(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** More than the SDK's 3: SageMaker's Describe/List quotas are low and many builds share an account. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;

    public AwsSettings {
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new InputException("cannot make " + maxAttempts + " attempts per AWS call: max_attempts must be 1 to 20");
        }
        Objects.requireNonNull(codeDir, "codeDir");
        Objects.requireNonNull(polling, "polling");
    }

    /** Resolves the settings; {@code env} is the process environment, {@code workingDir} where mlops.yaml is looked for. */
    public static AwsSettings resolve(Flags flags, Map<String, String> env, Path workingDir) {
        return resolve(flags, ProjectConfig.find(flags.config(), workingDir), env, workingDir);
    }

    /** Resolves the settings with the project config already read. */
    public static AwsSettings resolve(Flags flags, ProjectConfig file, Map<String, String> env, Path workingDir) {
        Sources s = new Sources(env);
        Optional<Sourced> endpoint = first(s.flag(flags.endpointUrl(), "--endpoint-url"),
                s.env("AWS_ENDPOINT_URL_SAGEMAKER"), s.env("AWS_ENDPOINT_URL"), file.get("endpoint_url"));
        Optional<Sourced> s3Endpoint = first(s.flag(flags.s3EndpointUrl(), "--s3-endpoint-url"),
                s.flag(flags.endpointUrl(), "--endpoint-url"), s.env("AWS_ENDPOINT_URL_S3"), s.env("AWS_ENDPOINT_URL"),
                file.get("s3_endpoint_url"), file.get("endpoint_url"));
        Optional<Sourced> stsEndpoint = first(s.env("AWS_ENDPOINT_URL_STS"), file.get("sts_endpoint_url"));
        Optional<Sourced> runtimeEndpoint = first(s.flag(flags.endpointUrl(), "--endpoint-url"),
                s.env("AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME"), s.env("AWS_ENDPOINT_URL"), file.get("runtime_endpoint_url"),
                file.get("endpoint_url"));
        Path codeBase = file.directory().orElse(workingDir);
        Polling polling = new Polling(
                file.get("poll_interval").map(v -> Durations.parse(v.value(), v.source())).orElse(Polling.DEFAULT.initial()),
                file.get("max_poll_interval").map(v -> Durations.parse(v.value(), v.source())).orElse(Polling.DEFAULT.max()));
        return new AwsSettings(
                checked(first(s.flag(flags.region(), "--region"), s.env("AWS_REGION"), file.get("region")), REGION,
                        "region", "an AWS region name like us-east-1"),
                first(s.flag(flags.profile(), "--profile"), s.env("AWS_PROFILE"), file.get("profile")).map(Sourced::value),
                checked(first(s.flag(flags.roleArn(), "--role-arn"), s.env("MLOPS_ROLE_ARN"), file.get("role_arn")), ROLE,
                        "role", "an IAM role ARN like arn:aws:iam::123456789012:role/NAME"),
                endpoint.map(AwsSettings::uri), s3Endpoint.map(AwsSettings::uri), stsEndpoint.map(AwsSettings::uri),
                runtimeEndpoint.map(AwsSettings::uri),
                checked(first(s.env("MLOPS_S3_PREFIX"), file.get("s3_prefix")), S3_PREFIX, "S3 prefix",
                        "s3://bucket or s3://bucket/prefix (a bucket name has 3-63 lower-case letters, digits, dots, hyphens)")
                        .map(p -> p.replaceAll("/+$", "")),
                checked(first(s.env("MLOPS_EXECUTION_ROLE"), file.get("execution_role")), ROLE, "execution role",
                        "an IAM role ARN like arn:aws:iam::123456789012:role/NAME"),
                file.get("code_dir").map(v -> codeBase.resolve(v.value())).orElse(codeBase.resolve("model-build"))
                        .toAbsolutePath().normalize(),
                polling, first(s.env("AWS_MAX_ATTEMPTS"), file.get("max_attempts")).map(AwsSettings::attempts)
                        .orElse(DEFAULT_MAX_ATTEMPTS));
    }

    /** {@code s3://bucket[/prefix]}; a build needs it. */
    public String requireS3Prefix() {
        return s3Prefix.orElseThrow(() -> new InputException("cannot build on AWS: no S3 location configured;"
                + " set aws.s3_prefix (s3://bucket/prefix) in mlops.yaml or MLOPS_S3_PREFIX"));
    }

    public String requireExecutionRole() {
        return executionRole.orElseThrow(() -> new InputException("cannot build on AWS: no execution role for the"
                + " pipeline's jobs; set aws.execution_role in mlops.yaml or MLOPS_EXECUTION_ROLE"));
    }

    @SafeVarargs
    private static Optional<Sourced> first(Optional<Sourced>... candidates) {
        return Arrays.stream(candidates).flatMap(Optional::stream).filter(c -> !c.value().isBlank()).findFirst();
    }

    private static Optional<String> checked(Optional<Sourced> value, Pattern rule, String what, String expected) {
        value.filter(v -> !rule.matcher(v.value()).matches()).ifPresent(v -> {
            throw new InputException("cannot use " + what + " '" + v.value() + "' from " + v.source()
                    + ": expected " + expected);
        });
        return value.map(Sourced::value);
    }

    private static int attempts(Sourced value) {
        try {
            return Integer.parseInt(value.value());
        } catch (NumberFormatException e) {
            throw new InputException("cannot use max_attempts '" + value.value() + "' from " + value.source()
                    + ": expected a whole number from 1 to 20");
        }
    }

    private static URI uri(Sourced value) {
        try {
            URI uri = new URI(value.value());
            if (uri.getHost() != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below with the place it came from
        }
        throw new InputException("cannot use endpoint '" + value.value() + "' from " + value.source()
                + ": expected an absolute http:// or https:// URL");
    }

    /** Values from flags and environment variables, each named by where it came from. */
    private record Sources(Map<String, String> env) {
        Optional<Sourced> flag(Optional<String> value, String name) {
            return value.map(v -> new Sourced(v.trim(), name));
        }

        Optional<Sourced> env(String name) {
            return Optional.ofNullable(env.get(name)).map(v -> new Sourced(v.trim(), "environment variable " + name));
        }
    }
}
