package dev.mlops.aws;

import dev.mlops.InputException;
import dev.mlops.backend.Backend;
import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.pipeline.PipelineRunner;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.smoke.SmokeAccess;

/**
 * The AWS backend: builds run on SageMaker Pipelines, models live in the SageMaker Model
 * Registry. Clients are made on first use, so a command that fails on its input never needs
 * credentials.
 */
public final class AwsBackend implements Backend {
    private final AwsSettings settings;
    private final DefinitionCompiler compiler;
    private final Timing timing;
    private AwsClients clients;

    public AwsBackend(AwsSettings settings, DefinitionCompiler compiler, Timing timing) {
        this.settings = settings;
        this.compiler = compiler;
        this.timing = timing;
    }

    @Override
    public String name() {
        return "aws";
    }

    @Override
    public PipelineRunner pipelineRunner() {
        return new SageMakerPipelineRunner(clients(), settings, compiler, timing);
    }

    @Override
    public ModelRegistry registry() {
        return new SageMakerModelRegistry(clients(), settings.s3Prefix(), timing.clock());
    }

    /**
     * Deploying to SageMaker endpoints is not built yet: the deploy journey (reconcile, smoke,
     * promote) runs on the local backend only, and says so rather than half-working.
     */
    @Override
    public EndpointDeployer endpoints() {
        throw new InputException("cannot deploy with --backend aws yet: SageMaker endpoints are not supported by this"
                + " version; reconcile, smoke and promote run on the local backend (--backend local)");
    }

    @Override
    public synchronized void close() {
        if (clients != null) {
            clients.close();
            clients = null;
        }
    }

    /** Smoke tests on AWS: live configs from DescribeEndpoint, SigV4 for IAM-authorised APIs, InvokeEndpoint for --direct. */
    @Override
    public SmokeAccess smokeAccess() {
        return new AwsSmokeAccess(this::clients, timing.clock());
    }

    private synchronized AwsClients clients() {
        if (clients == null) {
            clients = AwsClients.create(settings);
        }
        return clients;
    }
}
