package dev.mlops.backend;

import dev.mlops.Polling;
import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.pipeline.PipelineRunner;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.smoke.EnvironmentApis;
import dev.mlops.smoke.SmokeAccess;
import java.time.Duration;

/**
 * The ports one backend provides to the engine: local (the embedded default) or AWS. Hosts open
 * one per invocation, hand its ports to a use case, and close it.
 */
public interface Backend extends AutoCloseable {
    String name();

    PipelineRunner pipelineRunner();

    ModelRegistry registry();

    /** The endpoints this backend deploys models to (local serving process, or SageMaker endpoints). */
    EndpointDeployer endpoints();

    /**
     * What smoke tests may use of this backend: by default, live configs from {@link #endpoints()}
     * and nothing to sign requests or invoke endpoints directly with.
     */
    default SmokeAccess smokeAccess() {
        return SmokeAccess.of(endpoints());
    }

    /**
     * Where an environment's own API is, given the local serving process's routes: the local backend
     * serves those routes; a remote backend keeps only each environment's api.url.
     */
    default EnvironmentApis apis(EnvironmentApis localRoutes) {
        return localRoutes;
    }

    /**
     * How waits for this backend's endpoints poll when no {@code --poll} is given: every 500 ms on
     * the local serving process; on AWS, SageMaker's pace (2 s doubling to 30 s, or the config's).
     */
    default Polling polling() {
        return Polling.every(Duration.ofMillis(500));
    }

    @Override
    void close();
}
