package dev.mlops.smoke;

import dev.mlops.deploy.EndpointConfig;
import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.smoke.CaseResult.Answerer;
import dev.mlops.smoke.SmokeRecord.AnsweredBy;
import dev.mlops.smoke.SmokeRecord.Called;
import dev.mlops.smoke.SmokeRecord.Counts;
import dev.mlops.smoke.SmokeRoutes.Route;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The smoke-test use case: run a suite against an environment's API, write the JUnit XML and JSON
 * reports, and record the run bound to what it tested — the URL called and whether it is the
 * environment's own API, the suite and whether it is the environment's own, the desired commit, and
 * who answered (the production variant each answer names, hence the endpoint config and version).
 * Any URL may be tested, for debugging, and on AWS the endpoint may be invoked directly; only the
 * environment's own API with its own suite is evidence.
 */
public final class EnvironmentSmoke {
    private final Ports ports;
    private final Clock clock;

    /**
     * @param access what the backend lends: live configs, a SigV4 signer, direct endpoint calls
     * @param secrets the process environment's variables, where API keys are read by name
     */
    public record Ports(DesiredStateStore desired, SmokeAccess access, SmokeResults results, EnvironmentApis apis,
                        Function<String, Optional<String>> secrets) {
    }

    /**
     * What to run: the environment, and optionally another base URL, suite file and report
     * directory; {@code direct} invokes the environment's endpoint itself instead of its API.
     */
    public record Request(String env, Optional<String> url, Optional<Path> suite, Path reportDir, boolean direct) {
        public Request(String env, Optional<String> url, Optional<Path> suite, Path reportDir) {
            this(env, url, suite, reportDir, false);
        }
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
        Route route = new SmokeRoutes(ports.access(), ports.apis(), ports.secrets())
                .resolve(request, state.spec(), SmokeRunner.timeout(suite));
        SmokeReport report = new SmokeRunner(clock).run(new SmokeRun(suite, request.env(), route.url(),
                state.spec().modelPackage().map(ModelPackageRef::toString)), route.transport());
        Path junit = JUnitXmlReport.write(report, request.reportDir());
        Path json = JsonSummary.write(report, request.reportDir());
        Called called = new Called(SmokeRun.safe(route.url()), route.environmentApi(), suiteFile.toString(),
                sameFile(suiteFile, ownSuite), state.commit());
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
        Optional<String> config = ports.access().liveConfig(state.spec().endpoint().name())
                .filter(name -> name.endsWith("-" + variant));
        return new AnsweredBy(variants, endpoint, config, version);
    }

    private static boolean sameFile(Path a, Path b) {
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
