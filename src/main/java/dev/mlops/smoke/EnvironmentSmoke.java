package dev.mlops.smoke;

import dev.mlops.InputException;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointDeployer;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.smoke.CaseResult.Answerer;
import dev.mlops.smoke.SmokeRecord.AnsweredBy;
import dev.mlops.smoke.SmokeRecord.Called;
import dev.mlops.smoke.SmokeRecord.Counts;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The smoke-test use case: run a suite against an environment's API, write the JUnit XML and JSON
 * reports, and record the run bound to what it tested — the URL called and whether it is the
 * environment's own API, the suite and whether it is the environment's own, the desired commit, and
 * who answered (the production variant each answer names, hence the endpoint config and version).
 * Any URL may be tested, for debugging; only the environment's own API with its own suite is evidence.
 */
public final class EnvironmentSmoke {
    private final Ports ports;
    private final Clock clock;

    public record Ports(DesiredStateStore desired, EndpointDeployer endpoints, SmokeResults results, EnvironmentApis apis) {
    }

    /** What to run: the environment, and optionally another base URL, suite file and report directory. */
    public record Request(String env, Optional<String> url, Optional<Path> suite, Path reportDir) {
    }

    /** What a run produced: the cases' results, both reports, and the record kept for the release rules. */
    public record Outcome(SmokeReport report, Path junitXml, Path jsonSummary, SmokeRecord recorded) {
    }

    public EnvironmentSmoke(Ports ports, Clock clock) {
        this.ports = ports;
        this.clock = clock;
    }

    public Outcome run(Request request) {
        DesiredState state = ports.desired().read(request.env());
        Path ownSuite = Path.of(state.spec().smoke().map(s -> s.suite()).orElse("tests/smoke/" + request.env() + ".yaml"));
        Path suiteFile = request.suite().orElse(ownSuite);
        SmokeSuite suite = SmokeSuiteParser.read(suiteFile);
        Optional<URI> ownApi = ports.apis().configured(state.spec());
        URI url = request.url().map(SmokeRun::parseUrl).or(() -> ownApi).orElseThrow(() -> new InputException(
                "cannot smoke-test " + request.env() + ": no --url given, " + state.spec().file() + " names no api.url"
                        + " and no local serving process is running; start one with: mlops serve"));
        SmokeReport report = new SmokeRunner(clock).run(new SmokeRun(suite, request.env(), url,
                state.spec().modelPackage().map(ModelPackageRef::toString)));
        Path junit = JUnitXmlReport.write(report, request.reportDir());
        Path json = JsonSummary.write(report, request.reportDir());
        Called called = new Called(SmokeRun.safe(url), ownApi.filter(own -> EnvironmentApis.same(own, url)).isPresent(),
                suiteFile.toString(), sameFile(suiteFile, ownSuite), state.commit());
        SmokeRecord record = new SmokeRecord(request.env(), called, answeredBy(state, report),
                new Counts(report.tests(), report.failed()), report.startedAt(), junit.toAbsolutePath().toString());
        ports.results().record(record);
        return new Outcome(report, junit, json, record);
    }

    /**
     * Who answered, from the answers alone: the variants they name; with exactly one, the version it
     * stands for and the endpoint config it belongs to (when that config is the one the endpoint serves).
     */
    private AnsweredBy answeredBy(DesiredState state, SmokeReport report) {
        List<String> variants = report.cases().stream().map(CaseResult::answerer).map(Answerer::variant)
                .flatMap(Optional::stream).distinct().toList();
        List<String> endpoints = report.cases().stream().map(CaseResult::answerer).map(Answerer::endpoint)
                .flatMap(Optional::stream).distinct().toList();
        Optional<String> endpoint = endpoints.size() == 1 ? Optional.of(endpoints.get(0)) : Optional.empty();
        if (variants.size() != 1) {
            return new AnsweredBy(variants, endpoint, Optional.empty(), Optional.empty());
        }
        String variant = variants.get(0);
        Optional<String> version = EndpointConfig.versionOfVariant(variant).flatMap(v -> state.spec().modelPackage()
                .map(ModelPackageRef::group).map(group -> group + "/" + v));
        Optional<String> config = ports.endpoints().describe(state.spec().endpoint().name())
                .flatMap(EndpointDescription::liveConfigName).filter(name -> name.endsWith("-" + variant));
        return new AnsweredBy(variants, endpoint, config, version);
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
