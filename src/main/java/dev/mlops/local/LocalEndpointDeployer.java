package dev.mlops.local;

import dev.mlops.data.LocalArtifactStore;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.deploy.ModelRef;
import dev.mlops.server.ConfigRequest;
import dev.mlops.server.EndpointFiles;
import dev.mlops.server.ServingProcess;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The local backend's endpoints: {@link #apply} writes the desired config to
 * {@code <state-dir>/endpoints/<name>/config.json}; the serving process ({@code mlops serve}) picks
 * it up, loads and health-checks the model, switches traffic and reports in {@code status.json}.
 * {@link #describe} merges the two, so a request the serving process has not answered yet reads
 * {@code Creating} or {@code Updating} and never the previous outcome.
 */
public final class LocalEndpointDeployer implements EndpointDeployer {
    private final Path stateDir;
    private final EndpointFiles files;
    private final LocalArtifactStore store;
    private final Clock clock;

    public LocalEndpointDeployer(Path stateDir, Clock clock) {
        this.stateDir = stateDir;
        this.files = new EndpointFiles(stateDir);
        this.store = new LocalArtifactStore(stateDir);
        this.clock = clock;
    }

    @Override
    public Optional<EndpointDescription> describe(String endpointName) {
        return files.describe(endpointName);
    }

    @Override
    public void apply(EndpointConfig config) {
        // Fail now on a package that can never be served, rather than in the serving process later.
        store.pathOf(config.model().artifact(ModelRef.FEATURIZER));
        store.pathOf(config.model().artifact(ModelRef.MODEL));
        Optional<ConfigRequest> current = files.readRequest(config.endpointName());
        if (current.isPresent() && current.get().config().configName().equals(config.configName())
                && describe(config.endpointName()).filter(d -> d.gaveUp(config.configName())).isEmpty()) {
            return;
        }
        long generation = current.map(ConfigRequest::generation).orElse(0L) + 1;
        files.writeRequest(new ConfigRequest(config, generation, clock.instant()));
    }

    @Override
    public List<EndpointDescription> list() {
        return files.list();
    }

    /** The serving process hosting this state dir's endpoints; empty when none is running. */
    public Optional<ServingProcess> servingProcess() {
        return ServingProcess.find(stateDir);
    }
}
