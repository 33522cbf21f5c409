package dev.mlops.cli;

import dev.mlops.ExitCodes;
import dev.mlops.backend.Backend;
import dev.mlops.local.ControllerState;
import dev.mlops.smoke.CaseResult;
import dev.mlops.smoke.EnvironmentSmoke;
import dev.mlops.smoke.SmokeRecord;
import dev.mlops.smoke.SmokeReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "smoke", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Smoke-tests an environment's API and records what answered, as evidence for promotion.",
            "Runs the environment's smoke suite against its own API (its api.url, else the local serving process's",
            "/api/<env>/predict), writes TEST-smoke-<env>.xml (JUnit) and smoke-<env>.json, records the URL, the suite,",
            "the desired commit and the variant, config and version that answered, and exits 1 on any failure.",
            "--url and --suite test anything else, for debugging: such runs are recorded but are never evidence.",
            "With --backend aws: api.url is the API Gateway stage route; api.auth: iam signs requests (SigV4, execute-api)",
            "with the AWS settings' credentials; api.api_key_env names the variable whose key is sent as x-api-key.",
            "--direct invokes the SageMaker endpoint through the product's handler, bypassing API Gateway: not evidence."})
final class SmokeCmd extends BaseCommand implements Callable<Integer> {

    @Option(names = "--env", required = true, description = "The environment, e.g. staging or prod.")
    String env;

    @Option(names = "--url", paramLabel = "URL",
            description = "Another API route to test (default: the environment's own API); not evidence unless it is that API.")
    Optional<String> url;

    @Option(names = "--suite", paramLabel = "FILE",
            description = "Another suite (default: the environment's smoke.suite); not evidence unless it is that suite.")
    Optional<Path> suite;

    @Option(names = "--direct",
            description = "Invoke the environment's SageMaker endpoint itself (InvokeEndpoint, --backend aws) instead of its API;"
                + " same cases and reports, never evidence.")
    boolean direct;

    @Option(names = "--report-dir", paramLabel = "DIR", description = "Where the reports go (default: <state-dir>/reports).")
    Optional<Path> reportDir;

    @Override
    public Integer call() {
        try (Backend backend = openBackend(); ControllerState state = openState()) {
            EnvironmentSmoke.Outcome outcome = new UseCases(backend, state).smoke().run(new EnvironmentSmoke.Request(env,
                    url, suite, reportDir.orElse(root().stateDir.resolve("reports")), direct));
            printer().result(json(outcome, direct), text(outcome, direct));
            return outcome.report().passed() ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    static Map<String, Object> json(EnvironmentSmoke.Outcome outcome, boolean direct) {
        SmokeReport report = outcome.report();
        SmokeRecord record = outcome.recorded();
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("env", report.env());
        record.answeredBy().version().ifPresent(v -> map.put("version", v));
        map.put("url", report.baseUrl());
        map.put("via", direct ? "endpoint" : "api");
        map.put("passed", report.passed());
        map.put("tests", report.tests());
        map.put("failures", report.failed());
        map.put("duration_ms", report.durationMs());
        map.put("evidence", evidence(record));
        map.put("junit_xml", outcome.junitXml().toAbsolutePath().toString());
        map.put("summary_json", outcome.jsonSummary().toAbsolutePath().toString());
        map.put("cases", report.cases().stream().map(c -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("name", c.name());
            one.put("passed", c.passed());
            one.put("latency_ms", c.latencyMs());
            c.answerer().variant().ifPresent(v -> one.put("variant", v));
            one.put("problems", c.problems());
            return one;
        }).toList());
        return map;
    }

    /** Whether the run counts for promotion, and what it was bound to. */
    private static Map<String, Object> evidence(SmokeRecord record) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("counts", record.evidence());
        map.put("environment_api", record.called().environmentApi());
        map.put("environment_suite", record.called().environmentSuite());
        map.put("suite", record.called().suite());
        map.put("desired_commit", record.called().desiredCommit());
        map.put("variants", record.answeredBy().variants());
        record.answeredBy().endpoint().ifPresent(e -> map.put("endpoint", e));
        record.answeredBy().endpointConfig().ifPresent(c -> map.put("endpoint_config", c));
        return map;
    }

    static String text(EnvironmentSmoke.Outcome outcome, boolean direct) {
        SmokeReport report = outcome.report();
        SmokeRecord record = outcome.recorded();
        StringBuilder text = new StringBuilder();
        for (CaseResult c : report.cases()) {
            text.append(c.passed() ? "  PASS " : "  FAIL ").append(c.name()).append(" (").append(c.latencyMs()).append(" ms)");
            c.problems().forEach(p -> text.append("\n         ").append(p));
            text.append('\n');
        }
        text.append(report.passed() ? "Smoke " + report.env() + " passed: " : "Smoke " + report.env() + " FAILED: ")
                .append(report.tests() - report.failed()).append('/').append(report.tests()).append(" cases against ")
                .append(report.baseUrl()).append(record.answeredBy().version().map(v -> ", answered by " + v
                        + record.answeredBy().variant().map(x -> " (variant " + x + ")").orElse("")).orElse(""))
                .append('\n');
        List<String> notEvidence = new ArrayList<>();
        if (direct) {
            notEvidence.add("the endpoint was invoked directly, not through " + report.env() + "'s API");
        } else if (!record.called().environmentApi()) {
            notEvidence.add("this is not " + report.env() + "'s own API");
        }
        if (!record.called().environmentSuite()) {
            notEvidence.add("this is not " + report.env() + "'s own suite");
        }
        if (!notEvidence.isEmpty()) {
            text.append("Not evidence for promotion: ").append(String.join("; ", notEvidence)).append('\n');
        }
        text.append("JUnit XML: ").append(outcome.junitXml().toAbsolutePath()).append('\n');
        return text.toString();
    }
}
