package dev.mlops.aws;

import dev.mlops.aws.fake.Clients;
import dev.mlops.aws.fake.Endpoints;
import dev.mlops.aws.fake.FakeApiGateway;
import dev.mlops.aws.fake.StandInApis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * The AWS fakes plus what a smoke run on AWS needs: staging's endpoint in service on the config of
 * version 1, an API Gateway stand-in per environment in front of the real handler, and a
 * model-deploy directory whose environment files name those APIs.
 */
final class AwsSmokeFixture implements AutoCloseable {
    static final String STAGING_ENDPOINT = "predictive-maintenance-staging";
    static final String PROD_ENDPOINT = "predictive-maintenance-prod";
    static final String V1 = "v1-0a1b2c3d";
    static final String V2 = "v2-4e5f6a7b";

    final AwsFakes aws;
    final SageMakerClient sageMaker;
    final FakeApiGateway staging;
    final FakeApiGateway prod;
    final Path state;
    final Path modelDeploy;
    private final StandInApis apis;

    AwsSmokeFixture(Path dir) {
        aws = AwsFakes.start(dir);
        sageMaker = Clients.sageMaker(aws.sageMaker.endpoint());
        Endpoints.serve(sageMaker, aws.sageMaker, STAGING_ENDPOINT, V1);
        Endpoints.serve(sageMaker, aws.sageMaker, PROD_ENDPOINT, V1);
        apis = StandInApis.start(aws.sageMaker, "predictive-maintenance");
        staging = apis.staging;
        prod = apis.prod;
        state = dir.resolve("state");
        modelDeploy = dir.resolve("model-deploy");
    }

    /** Writes the environment files: staging wants version 1 with {@code stagingApi} under {@code api:}. */
    AwsSmokeFixture environments(String stagingApi) {
        AwsFakes.write(modelDeploy.resolve("environments/staging.yaml"), file("staging", 1, stagingApi));
        AwsFakes.write(modelDeploy.resolve("environments/prod.yaml"), file("prod", 1,
                StandInApis.apiBlock(prod, "")) + "promotion:\n  from: staging\n");
        return this;
    }

    /** staging's API block naming its stand-in, plus {@code more} lines under it (e.g. {@code "  auth: iam\n"}). */
    String stagingApi(String more) {
        return StandInApis.apiBlock(staging, more);
    }

    /** Moves staging's endpoint to the config of {@code variant}, as an update by someone else would. */
    void stagingServes(String variant) {
        Endpoints.config(sageMaker, STAGING_ENDPOINT, variant);
        sageMaker.updateEndpoint(b -> b.endpointName(STAGING_ENDPOINT).endpointConfigName(STAGING_ENDPOINT + "-" + variant));
        Endpoints.awaitInService(sageMaker, STAGING_ENDPOINT);
    }

    /** {@code mlops --backend aws ... smoke --env staging ARGS} on the fixture's state and model-deploy directory. */
    AwsFakes.Run smoke(String... args) {
        List<String> command = new ArrayList<>(List.of("--state-dir", state.toString(), "--model-deploy-dir",
                modelDeploy.toString(), "smoke", "--env", "staging", "--report-dir", state.resolve("reports").toString()));
        command.addAll(List.of(args));
        return aws.cli(command.toArray(String[]::new));
    }

    private static String file(String env, int version, String api) {
        return "name: " + env + "\n"
                + "model_package:\n"
                + "  group: " + AwsFakes.GROUP + "\n"
                + "  version: " + version + "\n"
                + "endpoint:\n"
                + "  instance_type: ml.m5.large\n"
                + "smoke:\n"
                + "  suite: tests/smoke/" + env + ".yaml\n"
                + api;
    }

    @Override
    public void close() {
        apis.close();
        sageMaker.close();
        aws.close();
    }
}
