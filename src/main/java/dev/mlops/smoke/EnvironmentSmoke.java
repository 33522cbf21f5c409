package dev.mlops.smoke;

import dev.mlops.InputException;
import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.registry.ModelPackageRef;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The smoke-test use case: run an environment's suite against its API route, write the JUnit XML
 * and JSON reports, and record the result against the version the endpoint actually serves, so
 * promotion can ask for evidence about that exact version.
 */
public final class EnvironmentSmoke {
    private final DesiredStateStore desired;
    private final EndpointDeployer endpoints;
    private final SmokeResults results;
    private final Supplier<Optional<String>> servingUrl;
    private final Clock clock;

    public record Ports(DesiredStateStore desired, EndpointDeployer endpoints, SmokeResults results,
                        Supplier<Optional<String>> servingUrl) {
    }

    /** What to run: the environment, and optionally another base URL, suite file and report directory. */
    public record Request(String env, Optional<String> url, Optional<Path> suite, Path reportDir) {
    }

    public EnvironmentSmoke(Ports ports, Clock clock) {
        this.desired = ports.desired();
        this.endpoints = ports.endpoints();
        this.results = ports.results();
        this.servingUrl = ports.servingUrl();
        this.clock = clock;
    }

    public SmokeTestRun.Outcome run(Request request) {
        DesiredState state = desired.read(request.env());
        Path suiteFile = request.suite().orElseGet(() -> Path.of(state.spec().smoke().map(s -> s.suite())
                .orElse("tests/smoke/" + request.env() + ".yaml")));
        SmokeSuite suite = SmokeSuiteParser.read(suiteFile);
        URI url = SmokeRun.parseUrl(request.url().orElseGet(() -> servingUrl.get()
                .map(base -> base + "/api/" + request.env() + "/predict")
                .orElseThrow(() -> new InputException("cannot smoke-test " + request.env() + ": no --url given and no local"
                        + " serving process is running; start one with: mlops serve"))));
        Optional<String> version = servedVersion(state);
        return new SmokeTestRun(new SmokeRunner(clock), results)
                .call(new SmokeRun(suite, request.env(), url, version), request.reportDir());
    }

    /** The version the endpoint serves now; without a live endpoint (a remote URL), the desired one. */
    private Optional<String> servedVersion(DesiredState state) {
        Optional<String> group = state.spec().modelPackage().map(ModelPackageRef::group);
        Optional<String> live = endpoints.describe(state.spec().endpoint().name())
                .flatMap(EndpointDescription::liveVersion).flatMap(v -> group.map(g -> g + "/" + v));
        return live.or(() -> state.spec().modelPackage().map(ModelPackageRef::toString));
    }
}
