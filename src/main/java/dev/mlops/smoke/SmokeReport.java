package dev.mlops.smoke;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of running a suite against one environment's API.
 *
 * @param suiteName the suite's name
 * @param env the environment the API belongs to, e.g. {@code staging}
 * @param baseUrl the URL the cases were sent to, without credentials or query values
 * @param version the model version the environment was expected to serve, when known
 * @param startedAt when the first case started
 * @param durationMs how long the whole run took
 * @param cases each case's result, in suite order
 */
public record SmokeReport(String suiteName, String env, String baseUrl, Optional<String> version, Instant startedAt,
        long durationMs, List<CaseResult> cases) {

    public SmokeReport {
        cases = List.copyOf(cases);
    }

    /** True when every case passed (a suite always has at least one case). */
    public boolean passed() {
        return !cases.isEmpty() && cases.stream().allMatch(CaseResult::passed);
    }

    public int tests() {
        return cases.size();
    }

    /** Cases that did not pass, whether an expectation failed or there was no answer. */
    public int failed() {
        return (int) cases.stream().filter(c -> !c.passed()).count();
    }

    /** Cases that got an answer that failed an expectation (JUnit's "failures"). */
    public int failures() {
        return (int) cases.stream().filter(c -> c.error().isEmpty() && !c.failures().isEmpty()).count();
    }

    /** Cases that got no answer to check (JUnit's "errors"). */
    public int errors() {
        return (int) cases.stream().filter(c -> c.error().isPresent()).count();
    }
}
