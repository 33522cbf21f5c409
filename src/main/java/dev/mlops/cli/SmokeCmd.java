package dev.mlops.cli;

import dev.mlops.ExitCodes;
import dev.mlops.backend.Backend;
import dev.mlops.local.ControllerState;
import dev.mlops.smoke.CaseResult;
import dev.mlops.smoke.EnvironmentSmoke;
import dev.mlops.smoke.SmokeReport;
import dev.mlops.smoke.SmokeTestRun;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "smoke", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Smoke-tests an environment's API and records the result against the version it serves.",
            "Runs the environment's smoke suite against its API route (the local serving process by default,",
            "or any base URL such as an API Gateway stage route), writes TEST-smoke-<env>.xml (JUnit) and smoke-<env>.json,",
            "records the result against the version the endpoint serves, and exits 1 on any failure."})
final class SmokeCmd extends BaseCommand implements Callable<Integer> {

    @Option(names = "--env", required = true, description = "The environment, e.g. staging or prod.")
    String env;

    @Option(names = "--url", paramLabel = "URL",
            description = "The API route to test (default: the local serving process's /api/<env>/predict).")
    Optional<String> url;

    @Option(names = "--suite", paramLabel = "FILE", description = "The suite (default: the environment's smoke.suite).")
    Optional<Path> suite;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "Where the reports go (default: <state-dir>/reports).")
    Optional<Path> reportDir;

    @Override
    public Integer call() {
        try (Backend backend = openBackend(); ControllerState state = openState()) {
            EnvironmentSmoke smoke = new EnvironmentSmoke(new EnvironmentSmoke.Ports(state.desiredState(), backend.endpoints(),
                    state.smokeResults(), state::servingUrl), Clock.systemUTC());
            SmokeTestRun.Outcome outcome = smoke.run(new EnvironmentSmoke.Request(env, url, suite,
                    reportDir.orElse(root().stateDir.resolve("reports"))));
            SmokeReport report = outcome.report();
            printer().result(json(outcome), text(outcome));
            return report.passed() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    static Map<String, Object> json(SmokeTestRun.Outcome outcome) {
        SmokeReport report = outcome.report();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("env", report.env());
        report.version().ifPresent(v -> map.put("version", v));
        map.put("url", report.baseUrl());
        map.put("passed", report.passed());
        map.put("tests", report.tests());
        map.put("failures", report.failed());
        map.put("duration_ms", report.durationMs());
        map.put("junit_xml", outcome.junitXml().toAbsolutePath().toString());
        map.put("summary_json", outcome.jsonSummary().toAbsolutePath().toString());
        map.put("cases", report.cases().stream().map(c -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", c.name());
            one.put("passed", c.passed());
            one.put("latency_ms", c.latencyMs());
            one.put("problems", c.problems());
            return one;
        }).toList());
        return map;
    }

    static String text(SmokeTestRun.Outcome outcome) {
        SmokeReport report = outcome.report();
        StringBuilder text = new StringBuilder();
        for (CaseResult c : report.cases()) {
            text.append(c.passed() ? "  PASS " : "  FAIL ").append(c.name()).append(" (").append(c.latencyMs()).append(" ms)");
            c.problems().forEach(p -> text.append("\n         ").append(p));
            text.append('\n');
        }
        text.append(report.passed() ? "Smoke " + report.env() + " passed: " : "Smoke " + report.env() + " FAILED: ")
                .append(report.tests() - report.failed()).append('/').append(report.tests()).append(" cases against ")
                .append(report.baseUrl()).append(report.version().map(v -> " (" + v + ")").orElse("")).append('\n')
                .append("JUnit XML: ").append(outcome.junitXml().toAbsolutePath()).append('\n');
        return text.toString();
    }
}
