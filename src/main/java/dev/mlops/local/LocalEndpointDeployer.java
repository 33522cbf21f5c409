package dev.mlops.local;

import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.deploy.ModelRef;
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
        Optional<ConfigRequest> request = files.readRequest(endpointName);
        Optional<EndpointStatusFile> status = files.readStatus(endpointName);
        if (request.isEmpty()) {
            return status.map(s -> answered(endpointName, s, Optional.empty()));
        }
        ConfigRequest r = request.get();
        Optional<String> requested = Optional.of(r.config().configName());
        if (status.isPresent() && status.get().handledRequest().filter(r.key()::equals).isPresent()) {
            return Optional.of(answered(endpointName, status.get(), requested));
        }
        Optional<String> live = status.flatMap(EndpointStatusFile::liveConfigName);
        return Optional.of(new EndpointDescription(endpointName,
                live.isPresent() ? EndpointStatus.Updating : EndpointStatus.Creating, live,
                status.flatMap(EndpointStatusFile::liveVersion), requested, Optional.empty(), r.requestedAt()));
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
        return files.names().stream().map(this::describe).flatMap(Optional::stream).toList();
    }

    /** The serving process hosting this state dir's endpoints; empty when none is running. */
    public Optional<ServingProcess> servingProcess() {
        return ServingProcess.find(stateDir);
    }

    private static EndpointDescription answered(String endpointName, EndpointStatusFile s, Optional<String> requested) {
        return new EndpointDescription(endpointName, s.status(), s.liveConfigName(), s.liveVersion(), requested,
                s.failureReason(), s.updatedAt());
    }
}
