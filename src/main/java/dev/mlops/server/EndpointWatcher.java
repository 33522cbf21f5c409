package dev.mlops.server;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Polls {@code <state-dir>/endpoints/} and drives every endpoint toward its {@code config.json}.
 * One thread does all loading, one endpoint after the other: it keeps the serving process's CPU
 * use predictable on small machines, and no endpoint ever runs two updates at once.
 */
final class EndpointWatcher implements AutoCloseable {
    private final EndpointFiles files;
    private final Endpoints endpoints;
    private final EndpointUpdater updater;
    private final Clock clock;
    private final Consumer<String> log;
    private final Map<String, String> lastProblem = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mlops-endpoint-watcher");
        thread.setDaemon(true);
        return thread;
    });

    EndpointWatcher(EndpointFiles files, Endpoints endpoints, EndpointUpdater updater, ServingOptions options) {
        this.files = files;
        this.endpoints = endpoints;
        this.updater = updater;
        this.clock = options.clock();
        this.log = options.log();
    }

    void start(Duration interval) {
        long millis = interval.toMillis();
        scheduler.scheduleWithFixedDelay(this::tickSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One pass over every endpoint directory. */
    synchronized void tick() {
        List<String> names = files.names();
        endpoints.retainOnly(names);
        for (String name : names) {
            HostedEndpoint endpoint = endpoints.getOrAdd(name,
                    n -> new HostedEndpoint(n, previousStatus(n), clock.instant()));
            request(name).ifPresent(request -> {
                endpoint.requested(request.config());
                updater.step(endpoint, request);
            });
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            if (!scheduler.awaitTermination(30, TimeUnit.SECONDS)) {
                log.accept("the endpoint watcher did not stop within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tickSafely() {
        try {
            tick();
            lastProblem.remove("watcher");
        } catch (RuntimeException e) {
            // A failed pass must not end the schedule: the next pass tries again.
            reportOnce("watcher", "cannot watch endpoints in " + files.root() + ": " + e.getMessage());
        }
    }

    private Optional<ConfigRequest> request(String name) {
        try {
            Optional<ConfigRequest> request = files.readRequest(name);
            lastProblem.remove(name);
            return request;
        } catch (RuntimeException e) {
            reportOnce(name, "endpoint " + name + ": " + e.getMessage() + "; keeping what serves now");
            return Optional.empty();
        }
    }

    private Optional<EndpointStatusFile> previousStatus(String name) {
        try {
            return files.readStatus(name);
        } catch (RuntimeException e) {
            log.accept("endpoint " + name + ": ignoring unreadable status: " + e.getMessage());
            return Optional.empty();
        }
    }

    private void reportOnce(String key, String message) {
        if (!message.equals(lastProblem.put(key, message))) {
            log.accept(message);
        }
    }
}
