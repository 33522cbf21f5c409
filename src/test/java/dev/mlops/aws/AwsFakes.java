package dev.mlops.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.aws.fake.FakeS3;
import dev.mlops.aws.fake.FakeSageMaker;
import dev.mlops.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The fakes of SageMaker and S3 on 127.0.0.1 plus a project directory (mlops.yaml, model-build
 * scripts) for running the CLI with {@code --backend aws} the way a Jenkins step does. Dummy
 * credentials come from the system properties the SDK's default chain reads first.
 */
final class AwsFakes implements AutoCloseable {
    static final String BUCKET = "mlops-test";
    static final String S3_PREFIX = "s3://" + BUCKET + "/builds";
    static final String ROLE = "arn:aws:iam::123456789012:role/MlopsPipelineExecution";
    static final String GROUP = "end-to-end-ml-sm-model-package-group";
    static final String PIPELINE = "predictive-maintenance-build";
    static final String COMMIT = "4f2a9c1e0b7d3a5f6e8c9b0a1d2e3f4a5b6c7d8e";
    static final Path SPEC = Path.of("pipelines", "model-build.yaml").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "fake-secret");
    }

    final FakeS3 s3;
    final FakeSageMaker sageMaker;
    final Path dir;
    final Path config;

    /** One CLI invocation: exit code, stdout, stderr. */
    record Run(int exitCode, String out, String err) {
        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            try {
                return JSON.readValue(out, Map.class);
            } catch (IOException e) {
                throw new AssertionError("stdout is not one JSON object: " + out + "\nstderr: " + err, e);
            }
        }
    }

    private AwsFakes(Path dir) {
        this.dir = dir;
        this.s3 = new FakeS3().start();
        this.sageMaker = new FakeSageMaker(s3).start();
        s3.createBucket(BUCKET);
        this.config = dir.resolve("mlops.yaml");
        write(config, String.join("\n", "aws:", "  s3_prefix: " + S3_PREFIX, "  execution_role: " + ROLE,
                "  code_dir: model-build", "  poll_interval: 2ms", "  max_poll_interval: 20ms",
                // two attempts per call keep the SDK's throttling backoff (seconds per retry) short here;
                // the follow's own patience rides out the rest
                "  max_attempts: 2", ""));
        for (String script : List.of("preprocess.py", "evaluate.py", "inference.py")) {
            write(dir.resolve("model-build").resolve(script), "print('" + script + "')\n");
        }
    }

    /**
     * The evaluation.json values of a model that passes the shipped gate but for {@code auc}: the
     * headline metrics and the counts the gate's built-in single-class conditions read.
     */
    static Map<String, Double> metrics(double auc) {
        return Map.of("auc", auc, "accuracy", 0.99, "precision", 0.9, "recall", 0.8, "f1", 0.85,
                "predicted_positives", 35.0, "predicted_negatives", 965.0);
    }

    static AwsFakes start(Path dir) {
        return new AwsFakes(dir);
    }

    /** The global options that point the CLI at the fakes. */
    List<String> globalArgs() {
        return List.of("--backend", "aws", "--output", "json", "--region", "us-east-1",
                "--endpoint-url", sageMaker.endpoint().toString(), "--s3-endpoint-url", s3.endpoint().toString(),
                "--config", config.toString());
    }

    Run cli(String... command) {
        List<String> args = new ArrayList<>(globalArgs());
        args.addAll(List.of(command));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    /** {@code mlops build} of {@link #COMMIT} on the repository's pipeline spec, plus {@code extra} options. */
    Run build(String... extra) {
        List<String> args = new ArrayList<>(List.of("build", "--pipeline", SPEC.toString(), "--commit", COMMIT));
        args.addAll(List.of(extra));
        return cli(args.toArray(String[]::new));
    }

    /** Runs {@link #build} on another thread, as a Jenkins step runs while the test arms faults. */
    java.util.concurrent.CompletableFuture<Run> buildInBackground(String... extra) {
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> build(extra));
    }

    /** Waits (up to a minute, then fails) until the fake has answered {@code count} calls of {@code operation}. */
    void awaitRequests(String operation, int count) {
        long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(1);
        while (sageMaker.requests(operation).size() < count) {
            if (System.nanoTime() > giveUp) {
                throw new AssertionError("the fake saw only " + sageMaker.requests(operation).size() + " " + operation);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    AwsSettings settings() {
        return AwsSettings.resolve(new AwsSettings.Flags(Optional.of("us-east-1"), Optional.empty(), Optional.empty(),
                Optional.of(sageMaker.endpoint().toString()), Optional.of(s3.endpoint().toString()), Optional.of(config)),
                Map.of(), dir);
    }

    AwsClients clients() {
        return AwsClients.create(settings());
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        sageMaker.close();
        s3.close();
    }
}
