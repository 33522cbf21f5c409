package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.aws.fake.RecordedRequest;
import dev.mlops.aws.fake.StandInApis;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;

/**
 * The deploy side of {@link AwsFakes}: a model-deploy seed whose staging environment deploys with a
 * canary, approved packages in the fake registry, the CLI with its own state dir, and a person's
 * edit of the desired state (a commit pushed to the state dir's desired-state repository). With
 * {@link #withApis}, staging and prod each name their API stand-in and smoke suite, and prod takes
 * its versions from staging.
 */
final class DeployFixture {
    static final String ENDPOINT = "predictive-maintenance-staging";
    static final String ALARM = "predictive-maintenance-staging-5xx";
    static final String SKLEARN = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3";
    static final String XGBOOST = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";
    static final String STAGING = String.join("\n",
            "name: staging",
            "project: predictive-maintenance",
            "model_package:",
            "  group: " + AwsFakes.GROUP,
            "  version: 1",
            "endpoint:",
            "  instance_type: ml.m5.large",
            "  instance_count: 2",
            "data_capture:",
            "  enabled: true",
            "  sampling_percentage: 100",
            "deployment:",
            "  strategy: blue_green",
            "  traffic_routing: CANARY",
            "  canary_size:",
            "    type: INSTANCE_COUNT",
            "    value: 1",
            "  wait_interval_seconds: 300",
            "  termination_wait_seconds: 120",
            "  maximum_execution_timeout_seconds: 1800",
            "  alarms: [" + ALARM + "]",
            "");
    /** prod like the shipped file: two instances, a one-instance canary, versions promoted from staging. */
    static final String PROD = String.join("\n",
            "name: prod",
            "project: predictive-maintenance",
            "model_package:",
            "  group: " + AwsFakes.GROUP,
            "  version: 1",
            "endpoint:",
            "  instance_type: ml.m5.large",
            "  instance_count: 2",
            "deployment:",
            "  strategy: blue_green",
            "  traffic_routing: CANARY",
            "  canary_size:",
            "    type: INSTANCE_COUNT",
            "    value: 1",
            "  wait_interval_seconds: 10",
            "  termination_wait_seconds: 60",
            "  maximum_execution_timeout_seconds: 1800",
            "promotion:",
            "  from: staging",
            "  requires_approver: true",
            "");

    final AwsFakes aws;
    final Path state;
    final Path seed;

    DeployFixture(Path dir) {
        this.aws = AwsFakes.start(dir);
        this.state = dir.resolve("state");
        this.seed = dir.resolve("model-deploy");
        AwsFakes.write(seed.resolve("environments").resolve("staging.yaml"), STAGING);
    }

    /**
     * Staging and prod (which wants version 1) each smoke-tested with the repository's suite through
     * its stand-in of {@code apis}; call before the first command, which seeds the desired state.
     */
    DeployFixture withApis(StandInApis apis) {
        AwsFakes.write(seed.resolve("environments/staging.yaml"), STAGING + "smoke:\n  suite: tests/smoke/staging.yaml\n"
                + StandInApis.apiBlock(apis.staging, ""));
        AwsFakes.write(seed.resolve("environments/prod.yaml"), PROD + "smoke:\n  suite: tests/smoke/prod.yaml\n"
                + StandInApis.apiBlock(apis.prod, ""));
        return this;
    }

    /** Versions 1..{@code count} of the group, Approved, each an inference pipeline of two containers. */
    DeployFixture approvedPackages(int count) {
        try (AwsClients clients = aws.clients()) {
            SageMakerClient sm = clients.sageMaker();
            sm.createModelPackageGroup(b -> b.modelPackageGroupName(AwsFakes.GROUP));
            for (int v = 1; v <= count; v++) {
                String base = AwsFakes.S3_PREFIX + "/v" + v;
                sm.createModelPackage(b -> b.modelPackageGroupName(AwsFakes.GROUP).modelApprovalStatus("Approved")
                        .inferenceSpecification(i -> i.containers(
                                ModelPackageContainerDefinition.builder().image(SKLEARN)
                                        .modelDataUrl(base + "/featurizer/model.tar.gz")
                                        .environment(Map.of("SAGEMAKER_PROGRAM", "inference.py")).build(),
                                ModelPackageContainerDefinition.builder().image(XGBOOST)
                                        .modelDataUrl(base + "/train/output/model.tar.gz").build())
                                .supportedContentTypes("text/csv").supportedResponseMIMETypes("application/json")));
            }
        }
        return this;
    }

    /** {@code mlops --backend aws ... --state-dir STATE --model-deploy-dir SEED COMMAND...} in-process. */
    AwsFakes.Run cli(String... command) {
        List<String> args = new ArrayList<>(List.of("--state-dir", state.toString(), "--model-deploy-dir", seed.toString()));
        args.addAll(List.of(command));
        return aws.cli(args.toArray(String[]::new));
    }

    /** {@code reconcile --env staging --once} polling every millisecond, waiting up to a minute unless {@code extra} says. */
    AwsFakes.Run reconcile(String... extra) {
        return reconcileEnv("staging", extra);
    }

    /** {@code reconcile --env ENV --once}, as {@link #reconcile}. */
    AwsFakes.Run reconcileEnv(String env, String... extra) {
        List<String> args = new ArrayList<>(List.of("reconcile", "--env", env, "--once", "--poll", "1ms"));
        args.addAll(List.of(extra));
        if (!args.contains("--timeout")) {
            args.addAll(List.of("--timeout", "1m"));
        }
        return cli(args.toArray(String[]::new));
    }

    /** Staging as {@code mlops status --env staging} shows it. */
    Map<?, ?> status() {
        return status("staging");
    }

    /** The environment as {@code mlops status --env ENV} shows it. */
    Map<?, ?> status(String env) {
        AwsFakes.Run status = cli("status", "--env", env);
        assertEquals(0, status.exitCode(), status.err());
        return (Map<?, ?>) ((List<?>) status.json().get("environments")).get(0);
    }

    List<RecordedRequest> writes() {
        return aws.sageMaker.writeRequests();
    }

    /** A person's edit of staging's file, committed and pushed to the desired-state repository. */
    void edit(UnaryOperator<String> edit) throws Exception {
        if (!Files.isDirectory(state.resolve("desired-state.git"))) {
            status(); // the first command seeds the desired-state repository
        }
        Path clone = Files.createTempDirectory(state, "human-clone");
        try (Git human = Git.cloneRepository().setURI(state.resolve("desired-state.git").toUri().toString())
                .setDirectory(clone.toFile()).call()) {
            Path file = clone.resolve("environments/staging.yaml");
            Files.writeString(file, edit.apply(Files.readString(file)));
            human.commit().setAll(true).setMessage("edit staging").setAuthor("Bob", "bob@example.com")
                    .setCommitter("Bob", "bob@example.com").setSign(false).call();
            human.push().call().forEach(result -> result.getRemoteUpdates().forEach(update ->
                    assertEquals(RemoteRefUpdate.Status.OK, update.getStatus(), "the human's push")));
        }
    }

    void wantVersion(int version) throws Exception {
        edit(text -> text.replaceFirst("version: \\d+", "version: " + version));
    }

    void close() {
        aws.close();
    }
}
