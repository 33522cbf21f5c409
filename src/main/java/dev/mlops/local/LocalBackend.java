package dev.mlops.local;

import dev.mlops.backend.Backend;
import dev.mlops.data.LocalDataResolver;
import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.pipeline.PipelineRunner;
import dev.mlops.registry.ModelRegistry;
import java.nio.file.Path;
import java.time.Clock;

/** The embedded backend: everything under one state directory on this machine. */
public final class LocalBackend implements Backend {
    private final Path stateDir;
    private final Clock clock;
    private SqliteModelRegistry registry;

    public LocalBackend(Path stateDir, Clock clock) {
        this.stateDir = stateDir;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "local";
    }

    public Path stateDir() {
        return stateDir;
    }

    @Override
    public PipelineRunner pipelineRunner() {
        registry();
        return new LocalPipelineRunner(stateDir, registry, new LocalDataResolver(stateDir), clock);
    }

    @Override
    public EndpointDeployer endpoints() {
        return new LocalEndpointDeployer(stateDir, clock);
    }

    /** Opened on first use, so commands that need no registry never create its file. */
    @Override
    public synchronized ModelRegistry registry() {
        if (registry == null) {
            registry = SqliteModelRegistry.open(stateDir, clock);
        }
        return registry;
    }

    @Override
    public synchronized void close() {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }
}
