package dev.mlops.aws.fake;

import dev.mlops.api.PredictFunction;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * What a user deploys once per environment (model-deploy/infra/api.yaml), as stand-ins: the
 * stage {@code staging} in front of endpoint {@code <project>-staging} and {@code prod} in front of
 * {@code <project>-prod}, each a {@link FakeApiGateway} running the real handler over this fake's
 * SageMaker Runtime.
 */
public final class StandInApis implements AutoCloseable {
    public final FakeApiGateway staging;
    public final FakeApiGateway prod;
    private final List<SageMakerRuntimeClient> runtimes = new ArrayList<>();

    private StandInApis(FakeSageMaker sageMaker, String project) {
        staging = new FakeApiGateway("staging", "/predict", function(sageMaker, project + "-staging")).start();
        prod = new FakeApiGateway("prod", "/predict", function(sageMaker, project + "-prod")).start();
    }

    /** Both stages started, for the endpoints of {@code project} (e.g. {@code predictive-maintenance}). */
    public static StandInApis start(FakeSageMaker sageMaker, String project) {
        return new StandInApis(sageMaker, project);
    }

    /** The {@code api:} block of an environment file naming the stage's route, plus {@code more} lines under it. */
    public static String apiBlock(FakeApiGateway stage, String more) {
        return "api:\n  url: " + stage.url() + "\n" + more;
    }

    private PredictFunction function(FakeSageMaker sageMaker, String endpoint) {
        SageMakerRuntimeClient runtime = Clients.runtime(sageMaker.endpoint());
        runtimes.add(runtime);
        return new PredictFunction(endpoint, runtime);
    }

    @Override
    public void close() {
        staging.close();
        prod.close();
        runtimes.forEach(SageMakerRuntimeClient::close);
    }
}
