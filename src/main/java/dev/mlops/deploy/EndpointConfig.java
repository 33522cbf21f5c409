package dev.mlops.deploy;

import dev.mlops.InputException;
import dev.mlops.spec.CaptureLimits;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The desired deployment of one endpoint, like a SageMaker {@code EndpointConfig} plus the update
 * policy. Its name is derived from its content ({@code <endpoint>-v<version>-<hash>}), so the same
 * desired state always maps to the same config name and applying it twice is a no-op.
 */
public record EndpointConfig(String endpointName, String configName, String env, ModelRef model,
                             String instanceType, int instanceCount, int dataCapturePercent, DeploymentPolicy policy,
                             CaptureLimits captureLimits) {
    /** SageMaker's rule for endpoint and endpoint config names; it also keeps names safe as file names. */
    private static final Pattern NAME = Pattern.compile("^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$");
    private static final Pattern ENV = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}$");
    private static final int HASH_CHARS = 8;
    private static final Pattern VARIANT = Pattern.compile("v([1-9][0-9]*)-[0-9a-f]{" + HASH_CHARS + "}");

    public EndpointConfig {
        String what = "cannot use endpoint config for " + endpointName + ": ";
        requireName(endpointName, what, "endpoint name");
        requireName(configName, what, "config name");
        if (env == null || !ENV.matcher(env).matches()) {
            throw new InputException(what + "environment '" + env + "' must be 1-63 letters, digits, '-' or '_'");
        }
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(captureLimits, "captureLimits");
        if (instanceType == null || instanceType.isBlank()) {
            throw new InputException(what + "instance type is missing");
        }
        if (instanceCount < 1) {
            throw new InputException(what + "instance count must be 1 or more, found " + instanceCount);
        }
        if (dataCapturePercent < 0 || dataCapturePercent > 100) {
            throw new InputException(what + "data capture must be 0 to 100 percent, found " + dataCapturePercent);
        }
    }

    /** A named config that captures within the default limits. */
    public EndpointConfig(String endpointName, String configName, String env, ModelRef model, String instanceType,
                          int instanceCount, int dataCapturePercent, DeploymentPolicy policy) {
        this(endpointName, configName, env, model, instanceType, instanceCount, dataCapturePercent, policy,
                CaptureLimits.DEFAULTS);
    }

    /** A config whose name is derived from the other fields (see {@link #derivedConfigName()}). */
    public EndpointConfig(String endpointName, String env, ModelRef model, String instanceType, int instanceCount,
                          int dataCapturePercent, DeploymentPolicy policy, CaptureLimits captureLimits) {
        this(endpointName, deriveName(endpointName, variant(model, fingerprint(endpointName, env, model,
                instanceType, instanceCount, dataCapturePercent, policy, captureLimits))),
                env, model, instanceType, instanceCount, dataCapturePercent, policy, captureLimits);
    }

    /** A derived-name config that captures within the default limits. */
    public EndpointConfig(String endpointName, String env, ModelRef model, String instanceType, int instanceCount,
                          int dataCapturePercent, DeploymentPolicy policy) {
        this(endpointName, env, model, instanceType, instanceCount, dataCapturePercent, policy, CaptureLimits.DEFAULTS);
    }

    /**
     * The production variant's name, {@code v<version>-<hash>}: what SageMaker returns as the invoked
     * variant of every answer, so a smoke run can tell which version and config answered it.
     */
    public String variantName() {
        return variant(model, fingerprint(endpointName, env, model, instanceType, instanceCount, dataCapturePercent,
                policy, captureLimits));
    }

    /** {@code <endpoint>-v<version>-<first 8 hex digits of SHA-256 over every other field>}, at most 63 characters. */
    public String derivedConfigName() {
        return new EndpointConfig(endpointName, env, model, instanceType, instanceCount, dataCapturePercent, policy,
                captureLimits).configName();
    }

    /** The model version a variant name ({@code v<version>-<hash>}) stands for; empty for any other name. */
    public static Optional<Integer> versionOfVariant(String variantName) {
        Matcher matcher = VARIANT.matcher(variantName == null ? "" : variantName);
        return matcher.matches() && matcher.group(1).length() <= 9 ? Optional.of(Integer.parseInt(matcher.group(1)))
                : Optional.empty();
    }

    private static String variant(ModelRef model, String hash) {
        return "v" + model.version() + "-" + hash;
    }

    private static String deriveName(String endpointName, String variant) {
        String suffix = "-" + variant;
        String prefix = endpointName == null ? "" : endpointName;
        if (prefix.length() + suffix.length() > 63) {
            prefix = prefix.substring(0, 63 - suffix.length()).replaceAll("-+$", "");
        }
        return prefix + suffix;
    }

    private static String fingerprint(String endpointName, String env, ModelRef model, String instanceType,
                                      int instanceCount, int dataCapturePercent, DeploymentPolicy policy,
                                      CaptureLimits captureLimits) {
        String serving = instanceType + "|" + instanceCount + "|" + dataCapturePercent + "|" + policyText(policy);
        StringBuilder text = new StringBuilder();
        field(text, "endpoint", endpointName);
        field(text, "env", env);
        field(text, "model", model.group() + "/" + model.version());
        field(text, "arn", model.arn());
        model.artifacts().forEach((name, uri) -> field(text, "artifact." + name, uri));
        field(text, "serving", serving);
        // Only limits that differ from the defaults count, so configs named before they existed keep their names.
        if (!captureLimits.equals(CaptureLimits.DEFAULTS)) {
            field(text, "capture", captureLimits.maxPayloadBytes() + "|" + captureLimits.maxFileBytes() + "|"
                    + captureLimits.maxTotalBytes() + "|" + captureLimits.rotateAfter().toSeconds());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_CHARS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash endpoint config: SHA-256 is missing from this JVM", e);
        }
    }

    // Length-prefixed so no two different configs can spell the same text.
    private static void field(StringBuilder text, String key, String value) {
        String safe = String.valueOf(value);
        text.append(key).append('=').append(safe.length()).append(':').append(safe).append('\n');
    }

    private static String policyText(DeploymentPolicy policy) {
        return policy.strategy() + "|" + policy.waitSeconds() + "|" + policy.sizePercent().map(String::valueOf).orElse("-")
                + "|" + policy.alarms().stream().map(a -> a.length() + ":" + a).toList();
    }

    private static void requireName(String name, String what, String which) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InputException(what + which + " '" + name
                    + "' must be 1-63 letters, digits or hyphens, starting and ending with a letter or digit");
        }
    }
}
