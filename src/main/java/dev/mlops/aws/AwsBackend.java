package dev.mlops.aws;

import dev.mlops.InputException;
import dev.mlops.Polling;
import dev.mlops.backend.Backend;
import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.pipeline.PipelineRunner;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.smoke.EnvironmentApis;
import dev.mlops.smoke.SmokeAccess;

/**
 * The AWS backend: builds run on SageMaker Pipelines, models live in the SageMaker Model
 * Registry, endpoints are SageMaker real-time endpoints. Clients are made on first use, so a command that fails on its input never needs
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

    /** SageMaker real-time endpoints; the desired state stays in Git, as on the local backend. */
    @Override
    public EndpointDeployer endpoints() {
        return new SageMakerEndpointDeployer(clients().sageMaker(), this::deployAccount);
    }

    @Override
    public synchronized void close() {
        if (clients != null) {
            clients.close();
            clients = null;
        }
    }

    /** A local serving process is never an AWS environment's API: only each environment's api.url is. */
    @Override
    public EnvironmentApis apis(EnvironmentApis localRoutes) {
        return EnvironmentApis.CONFIGURED_ONLY;
    }

    @Override
    public Polling polling() {
        return settings.polling();
    }

    /** Smoke tests on AWS: live configs from DescribeEndpoint, SigV4 for IAM-authorised APIs, InvokeEndpoint for --direct. */
    @Override
    public SmokeAccess smokeAccess() {
        return new AwsSmokeAccess(this::clients, timing.clock());
    }

    private EndpointRequests.Account deployAccount() {
        String role = settings.executionRole().orElseThrow(() -> new InputException("cannot deploy on AWS: no execution"
                + " role for the endpoint's model; set aws.execution_role in mlops.yaml or MLOPS_EXECUTION_ROLE"));
        String prefix = settings.s3Prefix().orElseThrow(() -> new InputException("cannot deploy on AWS: no S3 location"
                + " for data capture; set aws.s3_prefix (s3://bucket/prefix) in mlops.yaml or MLOPS_S3_PREFIX"));
        return new EndpointRequests.Account(role, prefix);
    }

    private synchronized AwsClients clients() {
        if (clients == null) {
            clients = AwsClients.create(settings);
        }
        return clients;
    }
}
