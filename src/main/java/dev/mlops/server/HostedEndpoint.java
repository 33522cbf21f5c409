package dev.mlops.server;

import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One endpoint as the serving process hosts it: the model taking traffic (switched atomically),
 * its reported status, and the bookkeeping of the update in progress. Request threads only read
 * the live model and the status; everything else belongs to the watcher thread.
 */
final class HostedEndpoint {
    private final String name;
    private final AtomicReference<LoadedModel> live = new AtomicReference<>();
    private final AtomicInteger errorsWhileBaking = new AtomicInteger();
    private volatile EndpointStatusFile status;
    private volatile Optional<EndpointConfig> requested = Optional.empty();
    private Optional<String> handledRequest = Optional.empty();
    private Optional<String> lastGoodConfigName;
    private Optional<Bake> bake = Optional.empty();

    /** A new version takes traffic while the old one stays loaded until the wait ends, to roll back to. */
    record Bake(LoadedModel previous, Instant until) {
    }

    HostedEndpoint(String name, Optional<EndpointStatusFile> previous, Instant now) {
        this.name = name;
        this.lastGoodConfigName = previous.flatMap(EndpointStatusFile::lastGoodConfigName);
        this.status = new EndpointStatusFile(EndpointStatus.Creating, Optional.empty(), Optional.empty(),
                Optional.empty(), lastGoodConfigName, Optional.empty(), now);
    }

    String name() {
        return name;
    }

    /** The model taking traffic, or empty when nothing serves yet. */
    Optional<LoadedModel> live() {
        return Optional.ofNullable(live.get());
    }

    /** Puts {@code next} in front of traffic in one step; returns what served before. */
    Optional<LoadedModel> switchTo(LoadedModel next) {
        return Optional.ofNullable(live.getAndSet(next));
    }

    EndpointStatusFile status() {
        return status;
    }

    /** The status as of now with the given state and failure; live config, request and last good filled in. */
    EndpointStatusFile report(EndpointStatus state, Optional<String> failureReason, Instant now) {
        Optional<EndpointConfig> serving = live().map(LoadedModel::config);
        status = new EndpointStatusFile(state, serving.map(EndpointConfig::configName),
                serving.map(c -> c.model().version()), handledRequest, lastGoodConfigName, failureReason, now);
        return status;
    }

    Optional<EndpointConfig> requested() {
        return requested;
    }

    void requested(EndpointConfig config) {
        requested = Optional.of(config);
    }

    Optional<String> handledRequest() {
        return handledRequest;
    }

    void handling(String requestKey) {
        handledRequest = Optional.of(requestKey);
    }

    Optional<String> lastGoodConfigName() {
        return lastGoodConfigName;
    }

    /** Marks what serves now as good: a restart falls back to it when a newer config fails to load. */
    void markLiveGood() {
        lastGoodConfigName = live().map(m -> m.config().configName());
    }

    Optional<Bake> bake() {
        return bake;
    }

    void startBake(LoadedModel previous, Instant until) {
        errorsWhileBaking.set(0);
        bake = Optional.of(new Bake(previous, until));
    }

    void endBake() {
        bake = Optional.empty();
    }

    /** Counts a server-side failure of the live model; during a bake any such failure rolls back. */
    void recordModelError() {
        errorsWhileBaking.incrementAndGet();
    }

    int errorsWhileBaking() {
        return errorsWhileBaking.get();
    }

    /** Drops every model; the endpoint serves nothing afterwards. */
    void unload() {
        bake = Optional.empty();
        live.set(null);
    }
}
