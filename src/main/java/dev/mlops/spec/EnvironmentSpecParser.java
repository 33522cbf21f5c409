package dev.mlops.spec;

import dev.mlops.registry.ModelPackageRef;
import dev.mlops.spec.EnvironmentSpec.Api;
import dev.mlops.spec.EnvironmentSpec.Auth;
import dev.mlops.spec.EnvironmentSpec.DataCapture;
import dev.mlops.spec.EnvironmentSpec.Endpoint;
import dev.mlops.spec.EnvironmentSpec.Promotion;
import dev.mlops.spec.EnvironmentSpec.Smoke;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code environments/<env>.yaml} into an {@link EnvironmentSpec}. Errors name the file, line,
 * column and field; unknown keys get the closest valid one. Limits are SageMaker's, so a file that
 * reads here is accepted by {@code CreateEndpoint}/{@code UpdateEndpoint} too.
 */
public final class EnvironmentSpecParser {
    public static final String DEFAULT_PROJECT = "predictive-maintenance";
    public static final String DEFAULT_INSTANCE_TYPE = "ml.m5.large";
    static final List<String> TOP_KEYS = List.of("name", "project", "model_package", "endpoint", "data_capture",
            "deployment", "smoke", "promotion", "api");
    /** Environment names become file names and endpoint-name suffixes: lower case, digits and hyphens. */
    private static final Pattern ENV_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,30}[a-z0-9])?");
    /** SageMaker's rule for endpoint names (and so for project names, which prefix them). */
    private static final Pattern SAGEMAKER_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
    private static final Pattern ENV_VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern INSTANCE_TYPE = Pattern.compile("ml\\.[a-z0-9]+\\.[a-z0-9]+");

    private EnvironmentSpecParser() {
    }

    public static EnvironmentSpec read(Path file) {
        return parse(YamlNode.read(file));
    }

    /** Parses {@code text}; {@code file} names it in errors and must end in {@code <name>.yaml}. */
    public static EnvironmentSpec parse(String text, String file) {
        return parse(YamlNode.parse(text, file));
    }

    public static EnvironmentSpec parse(YamlNode root) {
        YamlMap top = root.asMap().allowOnly(TOP_KEYS);
        String name = environmentName(top);
        String project = top.get("project").map(p -> sagemakerName(p, "a project name")).orElse(DEFAULT_PROJECT);
        Optional<ModelPackageRef> modelPackage = top.get("model_package").flatMap(EnvironmentSpecParser::modelPackage);
        Endpoint endpoint = endpoint(top, project + "-" + name);
        return new EnvironmentSpec(root.file(), name, project, modelPackage, endpoint,
                dataCapture(top.get("data_capture")),
                DeploymentParser.parse(top.get("deployment"), endpoint.instanceCount()),
                top.get("smoke").map(EnvironmentSpecParser::smoke),
                top.get("promotion").map(p -> promotion(p, name)), top.get("api").map(EnvironmentSpecParser::api));
    }

    /** Whether {@code name} can name an environment (and its file {@code environments/<name>.yaml}). */
    public static boolean isValidEnvironmentName(String name) {
        return name != null && ENV_NAME.matcher(name).matches();
    }

    private static String environmentName(YamlMap top) {
        YamlNode node = top.require("name");
        String name = node.asString();
        if (!isValidEnvironmentName(name)) {
            throw node.error("an environment name has lower-case letters, digits and inner hyphens (1-32), found '"
                    + name + "'");
        }
        String fileName = Path.of(top.node().file()).getFileName().toString();
        String stem = fileName.replaceFirst("\\.ya?ml$", "");
        if (!stem.equals(fileName) && !stem.equals(name)) {
            throw node.error("the file " + fileName + " must declare name '" + stem + "', found '" + name + "'");
        }
        return name;
    }

    private static Optional<ModelPackageRef> modelPackage(YamlNode node) {
        if (node.isNull()) {
            return Optional.empty();
        }
        YamlMap map = node.asMap().allowOnly(List.of("group", "version"));
        YamlNode version = map.get("version").orElse(null);
        if (version == null || version.isNull()) {
            map.get("group").ifPresent(EnvironmentSpecParser::group);
            return Optional.empty();
        }
        String group = group(map.require("group"));
        int number = version.asInt();
        if (number < 1) {
            throw version.error("a model package version is 1 or more, found " + number);
        }
        return Optional.of(new ModelPackageRef(group, number));
    }

    private static String group(YamlNode node) {
        String group = node.asString();
        if (!ModelPackageRef.isValidGroupName(group)) {
            throw node.error("a model package group has 1-63 letters, digits or hyphens, starting and ending with"
                    + " a letter or digit, found '" + group + "'");
        }
        return group;
    }

    private static Endpoint endpoint(YamlMap top, String defaultName) {
        Optional<YamlMap> map = top.get("endpoint")
                .map(n -> n.asMap().allowOnly(List.of("name", "instance_type", "instance_count")));
        String name = map.flatMap(m -> m.get("name")).map(n -> sagemakerName(n, "an endpoint name")).orElse(defaultName);
        if (!SAGEMAKER_NAME.matcher(name).matches()) {
            throw top.get("project").orElse(top.node()).error("the endpoint name '" + name
                    + "' (<project>-<name>) is longer than SageMaker's 63 characters; set endpoint.name");
        }
        String type = map.flatMap(m -> m.get("instance_type")).map(EnvironmentSpecParser::instanceType)
                .orElse(DEFAULT_INSTANCE_TYPE);
        int count = map.flatMap(m -> m.get("instance_count")).map(n -> intIn(n, 1, 100)).orElse(1);
        return new Endpoint(name, type, count);
    }

    private static String instanceType(YamlNode node) {
        String type = node.asString();
        if (!INSTANCE_TYPE.matcher(type).matches()) {
            throw node.error("expected a SageMaker instance type such as ml.m5.large, found '" + type + "'");
        }
        return type;
    }

    private static DataCapture dataCapture(Optional<YamlNode> node) {
        if (node.isEmpty()) {
            return new DataCapture(true, 100, CaptureLimits.DEFAULTS);
        }
        YamlMap map = node.get().asMap().allowOnly(List.of("enabled", "sampling_percentage", "max_payload_kb",
                "max_file_mb", "max_total_mb", "rotate_minutes"));
        boolean enabled = map.get("enabled").map(YamlNode::asBoolean).orElse(true);
        int percentage = map.get("sampling_percentage").map(n -> intIn(n, 0, 100)).orElse(100);
        return new DataCapture(enabled, percentage, captureLimits(map));
    }

    /** Sizes in KB and MB, each in a range; a file must hold one whole record and the cap one file. */
    private static CaptureLimits captureLimits(YamlMap map) {
        int payloadKb = map.get("max_payload_kb").map(n -> intIn(n, 1, 6144)).orElse(CaptureLimits.DEFAULT_MAX_PAYLOAD_KB);
        Optional<YamlNode> fileNode = map.get("max_file_mb");
        int fileMb = fileNode.map(n -> intIn(n, 1, 1024)).orElse(CaptureLimits.DEFAULT_MAX_FILE_MB);
        long leastFileMb = (CaptureLimits.largestRecordBytes(payloadKb * 1024L) + (1 << 20) - 1) >> 20;
        if (fileMb < leastFileMb) {
            throw fileNode.or(() -> map.get("max_payload_kb")).orElseThrow().error("a capture file must hold one"
                    + " record (two bodies of max_payload_kb " + payloadKb + "): at least " + leastFileMb
                    + ", found " + fileMb);
        }
        Optional<YamlNode> totalNode = map.get("max_total_mb");
        int totalMb = totalNode.map(n -> intIn(n, 1, 1_048_576))
                .orElse(Math.max(CaptureLimits.DEFAULT_MAX_TOTAL_MB, fileMb));
        if (totalMb < fileMb) {
            throw totalNode.orElseThrow().error("the cap must hold at least one file (max_file_mb " + fileMb
                    + "), found " + totalMb);
        }
        int rotate = map.get("rotate_minutes").map(n -> intIn(n, 1, 1440)).orElse(CaptureLimits.DEFAULT_ROTATE_MINUTES);
        return CaptureLimits.of(payloadKb, fileMb, totalMb, rotate);
    }

    private static Smoke smoke(YamlNode node) {
        YamlNode suite = node.asMap().allowOnly(List.of("suite")).require("suite");
        String path = suite.asString();
        boolean relative = !path.startsWith("/") && !path.contains("\\") && !path.contains(":");
        boolean inside = List.of(path.split("/")).stream().noneMatch(part -> part.equals("..") || part.isEmpty());
        if (!relative || !inside || !path.matches(".*\\.ya?ml")) {
            throw suite.error("expected a relative path to a .yaml suite such as tests/smoke/staging.yaml, found '"
                    + path + "'");
        }
        return new Smoke(path);
    }

    private static Api api(YamlNode node) {
        YamlMap map = node.asMap().allowOnly(List.of("url", "auth", "api_key_env"));
        return new Api(apiUrl(map.require("url")), map.get("auth").map(EnvironmentSpecParser::auth).orElse(Auth.NONE),
                map.get("api_key_env").map(EnvironmentSpecParser::apiKeyEnv));
    }

    private static Auth auth(YamlNode node) {
        String text = node.asString().strip();
        return Arrays.stream(Auth.values()).filter(a -> a.yamlName().equals(text)).findFirst().orElseThrow(() ->
                node.error("expected none (an open API) or iam (requests signed with SigV4 for execute-api), found '"
                        + text + "'"));
    }

    private static String apiKeyEnv(YamlNode node) {
        String name = node.asString().strip();
        if (!ENV_VARIABLE.matcher(name).matches()) {
            throw node.error("expected the name of the environment variable that holds the API key, such as"
                    + " STAGING_API_KEY (letters, digits and '_', not starting with a digit); the key itself must stay"
                    + " out of Git");
        }
        return name;
    }

    private static String apiUrl(YamlNode url) {
        String text = url.asString().strip();
        URI parsed;
        try {
            parsed = new URI(text);
        } catch (URISyntaxException e) {
            throw url.error("expected an absolute http:// or https:// URL, found '" + text + "': " + e.getReason());
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || parsed.getHost() == null) {
            throw url.error("expected an absolute http:// or https:// URL such as"
                    + " https://abc123.execute-api.eu-west-1.amazonaws.com/default/predict, found '" + text + "'");
        }
        if (parsed.getRawUserInfo() != null) {
            throw url.error("the API URL must not carry credentials; keep them out of Git");
        }
        return text;
    }

    private static Promotion promotion(YamlNode node, String name) {
        YamlMap map = node.asMap().allowOnly(List.of("from", "requires_approver"));
        YamlNode fromNode = map.require("from");
        String from = fromNode.asString();
        if (!isValidEnvironmentName(from)) {
            throw fromNode.error("expected an environment name such as staging, found '" + from + "'");
        }
        if (from.equals(name)) {
            throw fromNode.error("an environment cannot be promoted from itself");
        }
        return new Promotion(from, map.get("requires_approver").map(YamlNode::asBoolean).orElse(true));
    }

    private static String sagemakerName(YamlNode node, String what) {
        String name = node.asString();
        if (!SAGEMAKER_NAME.matcher(name).matches()) {
            throw node.error(what + " has 1-63 letters, digits or hyphens, starting and ending with a letter or digit,"
                    + " found '" + name + "'");
        }
        return name;
    }

    static int intIn(YamlNode node, int min, int max) {
        int value = node.asInt();
        Range range = Range.closed(min, max);
        if (!range.contains(value)) {
            throw node.error("must be " + range + ", found " + value);
        }
        return value;
    }
}
