package dev.mlops.spec;

import dev.mlops.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The project config file ({@code mlops.yaml}) so Jenkins steps need not repeat settings:
 * <pre>
 * aws:
 *   region: eu-west-1
 *   s3_prefix: s3://my-mlops-bucket/builds
 *   execution_role: arn:aws:iam::123456789012:role/MlopsPipelineExecution
 * </pre>
 * Unknown keys are errors with a "did you mean" hint and the file's line and column, because a
 * misspelt key silently falling back to a default would send work to the wrong place. Every
 * backend reads it, so a wrong file fails the same way whichever backend a command runs on.
 */
public final class ProjectConfig {
    public static final String DEFAULT_NAME = "mlops.yaml";
    /** Top-level sections; a host that adds one adds it here. */
    static final List<String> SECTIONS = List.of("aws");
    static final List<String> AWS_KEYS = List.of("region", "profile", "role_arn", "endpoint_url", "s3_endpoint_url", "sts_endpoint_url",
            "runtime_endpoint_url",
            "s3_prefix", "execution_role", "code_dir", "poll_interval", "max_poll_interval", "max_attempts");

    /** A value and where it came from, so an error can name its place. */
    public record Sourced(String value, String source) {
    }

    private final Optional<Path> file;
    private final Map<String, Sourced> values;

    private ProjectConfig(Optional<Path> file, Map<String, Sourced> values) {
        this.file = file;
        this.values = Map.copyOf(values);
    }

    public static ProjectConfig none() {
        return new ProjectConfig(Optional.empty(), Map.of());
    }

    /** {@code --config FILE} when given (it must exist), else {@code mlops.yaml} in {@code workingDir} if present. */
    public static ProjectConfig find(Optional<Path> explicit, Path workingDir) {
        if (explicit.isPresent()) {
            if (!Files.isRegularFile(explicit.get())) {
                throw new InputException("cannot read config " + explicit.get() + ": no such file (--config)");
            }
            return read(explicit.get());
        }
        Path implicit = workingDir.resolve(DEFAULT_NAME);
        return Files.isRegularFile(implicit) ? read(implicit) : none();
    }

    public static ProjectConfig read(Path path) {
        try {
            YamlMap root = YamlNode.read(path).asMap().allowOnly(SECTIONS);
            Map<String, Sourced> values = new LinkedHashMap<>();
            Optional<YamlMap> aws = root.get("aws").map(YamlNode::asMap);
            aws.ifPresent(section -> section.allowOnly(AWS_KEYS).keys().forEach(key -> {
                YamlNode node = section.require(key);
                values.put(key, new Sourced(node.asString().trim(), node.location() + " (aws." + key + ")"));
            }));
            return new ProjectConfig(Optional.of(path), values);
        } catch (SpecException e) {
            // The YAML reader speaks of specs; this file is the project config.
            throw new InputException(e.getMessage().replaceFirst("^cannot (read|parse) spec ", "cannot $1 config "));
        }
    }

    public Optional<Sourced> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The directory relative paths in the file are resolved against. */
    public Optional<Path> directory() {
        return file.map(f -> f.toAbsolutePath().getParent());
    }
}
