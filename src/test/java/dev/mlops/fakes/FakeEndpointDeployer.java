package dev.mlops.fakes;

import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.deploy.ModelRef;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Endpoints that behave like SageMaker's, in memory. {@link #apply} only records the request, as
 * UpdateEndpoint does: {@link #describe} then reads {@code Creating} (no live config yet) or
 * {@code Updating}, with the old config live, until the test calls {@link #step()} enough times.
 * The update then ends as scripted: in service on the new config (the default), rolled back
 * ({@code InService} on the OLD config with a failure reason) or {@code Failed}. Applying the
 * config already requested changes nothing unless it gave up, as the local deployer does; a
 * package without both artifacts is refused at once, as the local deployer does.
 */
public final class FakeEndpointDeployer implements EndpointDeployer {
    /** How an update ends. */
    public enum Ending { SERVES, ROLLS_BACK, FAILS }

    private record Script(Ending ending, String reason) {
    }

    private static final class Endpoint {
        EndpointStatus status;
        Optional<String> liveConfig = Optional.empty();
        Optional<Integer> liveVersion = Optional.empty();
        Optional<EndpointConfig> requested = Optional.empty();
        Optional<String> failureReason = Optional.empty();
        Instant lastModified;
        int stepsLeft;
    }

    private final Clock clock;
    private final Map<String, Endpoint> endpoints = new TreeMap<>();
    private final Deque<Script> scripts = new ArrayDeque<>();
    private final List<EndpointConfig> applied = new ArrayList<>();
    private final Faults faults = new Faults();
    private int stepsPerUpdate = 1;

    public FakeEndpointDeployer(Clock clock) {
        this.clock = clock;
    }

    /** How many {@link #step()}s an update takes before it ends (1 unless set). */
    public FakeEndpointDeployer stepsPerUpdate(int steps) {
        this.stepsPerUpdate = steps;
        return this;
    }

    /** The next update that ends rolls back to the config that served before, with {@code reason}. */
    public FakeEndpointDeployer nextUpdateRollsBack(String reason) {
        scripts.add(new Script(Ending.ROLLS_BACK, reason));
        return this;
    }

    /** The next update that ends leaves the endpoint {@code Failed} with {@code reason}. */
    public FakeEndpointDeployer nextUpdateFails(String reason) {
        scripts.add(new Script(Ending.FAILS, reason));
        return this;
    }

    /** The next call of any method throws {@code error}, like an endpoint API that failed once. */
    public FakeEndpointDeployer failNext(RuntimeException error) {
        faults.failNext(error);
        return this;
    }

    /** The next call throws {@code error}, as a JVM error (a stack overflow, out of memory) in the client would. */
    public FakeEndpointDeployer failNext(Error error) {
        faults.failNext(error);
        return this;
    }

    /** The asynchronous work moves on by one step: every update under way gets one step closer to its end. */
    public void step() {
        for (Endpoint e : endpoints.values()) {
            if (!e.status.isTransitional() || --e.stepsLeft > 0) {
                continue;
            }
            Script script = scripts.isEmpty() ? new Script(Ending.SERVES, "") : scripts.poll();
            EndpointConfig config = e.requested.orElseThrow();
            switch (script.ending()) {
                case SERVES -> {
                    e.status = EndpointStatus.InService;
                    e.liveConfig = Optional.of(config.configName());
                    e.liveVersion = Optional.of(config.model().version());
                    e.failureReason = Optional.empty();
                }
                case ROLLS_BACK -> {
                    e.status = e.liveConfig.isPresent() ? EndpointStatus.InService : EndpointStatus.Failed;
                    e.failureReason = Optional.of(script.reason());
                }
                case FAILS -> {
                    e.status = EndpointStatus.Failed;
                    e.failureReason = Optional.of(script.reason());
                }
            }
            e.lastModified = clock.instant();
        }
    }

    /** Steps until no update is under way. */
    public void settle() {
        while (endpoints.values().stream().anyMatch(e -> e.status.isTransitional())) {
            step();
        }
    }

    /** Applies {@code config} and lets the update succeed: the endpoint serves it. */
    public void serving(EndpointConfig config) {
        apply(config);
        settle();
    }

    /** Every config passed to {@link #apply}, including those that changed nothing. */
    public List<EndpointConfig> applyCalls() {
        return List.copyOf(applied);
    }

    @Override
    public Optional<EndpointDescription> describe(String endpointName) {
        faults.check();
        return look(endpointName);
    }

    private Optional<EndpointDescription> look(String endpointName) {
        Endpoint e = endpoints.get(endpointName);
        return e == null ? Optional.empty() : Optional.of(new EndpointDescription(endpointName, e.status, e.liveConfig,
                e.liveVersion, e.requested.map(EndpointConfig::configName), e.failureReason, e.lastModified));
    }

    @Override
    public void apply(EndpointConfig config) {
        faults.check();
        applied.add(config);
        config.model().artifact(ModelRef.FEATURIZER);
        config.model().artifact(ModelRef.MODEL);
        Optional<EndpointDescription> now = look(config.endpointName());
        boolean requested = now.flatMap(EndpointDescription::requestedConfigName).filter(config.configName()::equals)
                .isPresent();
        if (requested && !now.get().gaveUp(config.configName())) {
            return;
        }
        Endpoint e = endpoints.computeIfAbsent(config.endpointName(), name -> new Endpoint());
        e.status = e.liveConfig.isPresent() ? EndpointStatus.Updating : EndpointStatus.Creating;
        e.requested = Optional.of(config);
        e.failureReason = Optional.empty();
        e.lastModified = clock.instant();
        e.stepsLeft = stepsPerUpdate;
    }

    @Override
    public List<EndpointDescription> list() {
        faults.check();
        return endpoints.keySet().stream().map(this::look).flatMap(Optional::stream).toList();
    }
}
