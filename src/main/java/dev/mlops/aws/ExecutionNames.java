package dev.mlops.aws;

import dev.mlops.InputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names an execution is started and found by: its idempotency token, display name and
 * description, and the console link. Pure functions, so a restarted controller derives the very
 * same token and SageMaker hands back the execution it already started.
 */
final class ExecutionNames {
    private static final Pattern EXECUTION_ARN = Pattern.compile(
            "arn:aws[a-z-]*:sagemaker:([a-z0-9-]+):\\d{12}:pipeline/([^/]+)/execution/([a-z0-9]+)");
    private static final Pattern PIPELINE_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,255}");
    private static final Pattern DESCRIBED_COMMIT = Pattern.compile("commit ([0-9a-fA-F]{7,64})");

    /** The parts of an execution ARN. */
    record ExecutionArn(String arn, String region, String pipeline, String id) {
        static ExecutionArn parse(String arn) {
            Matcher m = EXECUTION_ARN.matcher(arn == null ? "" : arn.trim());
            if (!m.matches()) {
                throw new InputException("cannot attach to execution '" + arn + "': expected a pipeline execution ARN"
                        + " like arn:aws:sagemaker:us-east-1:123456789012:pipeline/NAME/execution/ID");
            }
            return new ExecutionArn(arn.trim(), m.group(1), m.group(2), m.group(3));
        }
    }

    private ExecutionNames() {
    }

    static String requirePipelineName(String name, String specSource) {
        if (!PIPELINE_NAME.matcher(name).matches()) {
            throw new InputException("cannot name a SageMaker pipeline '" + name + "' (" + specSource + ", name):"
                    + " use letters, digits and single hyphens, starting and ending with a letter or digit");
        }
        return name;
    }

    /**
     * StartPipelineExecution's ClientRequestToken: a UUID-shaped hash of pipeline, commit, attempt
     * and parameter values, so the same build asked twice is one execution, and a build of the same
     * commit with other parameters (or {@code --attempt 2}) is a new one. Without a commit nothing
     * identifies the build, and every run starts anew.
     */
    static String token(String pipeline, Optional<String> commit, int attempt, Map<String, String> parameters) {
        if (commit.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        StringBuilder identity = new StringBuilder("mlops-build/v1\n").append(pipeline).append('\n')
                .append(commit.get().toLowerCase()).append('\n').append(attempt).append('\n');
        new TreeMap<>(parameters).forEach((k, v) -> identity.append(k).append('=').append(v).append('\n'));
        MessageDigest digest = Digests.sha256();
        digest.update(identity.toString().getBytes(StandardCharsets.UTF_8));
        String hex = Digests.hex(digest, 32);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20, 32);
    }

    /** StopPipelineExecution's token: one per execution, so repeated stops (two signals) are one stop. */
    static String stopToken(String executionArn) {
        return uuidOf("mlops-stop/v1\n" + executionArn);
    }

    /** A token that is the same whenever {@code text} is. */
    static String uuidOf(String text) {
        return UUID.nameUUIDFromBytes(text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * {@code build-4f2a9c1-1b2c3d4e}: the commit and the start of the token, so a restarted
     * controller finds the execution it started by name before asking to start it again.
     */
    static String displayName(Optional<String> commit, String token) {
        String name = "build-" + commit.map(c -> c.substring(0, Math.min(7, c.length())) + "-").orElse("")
                + token.substring(0, 8);
        return name.replaceAll("[^a-zA-Z0-9-]", "-");
    }

    static String description(Optional<String> commit, int attempt) {
        return "mlops build" + commit.map(c -> " of commit " + c).orElse(" (no commit known)") + ", attempt " + attempt;
    }

    /** The commit {@link #description} recorded, so {@code --attach} reports it too. */
    static Optional<String> describedCommit(String description) {
        Matcher m = DESCRIBED_COMMIT.matcher(description == null ? "" : description);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static String consoleLink(ExecutionArn arn) {
        return "https://" + arn.region() + ".console.aws.amazon.com/sagemaker/home?region=" + arn.region()
                + "#/pipelines/" + arn.pipeline() + "/executions/" + arn.id();
    }

}
