package dev.mlops.smoke;

import dev.mlops.InputException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One smoke run as the release rules need it: what it called and with which suite, who answered
 * (the endpoint, the production variant, the endpoint config and the model version the answers
 * came from), how it went, and against which desired commit. Only a run against the
 * environment's own API with the environment's own suite is evidence ({@link #evidence()}); any
 * other run is kept for the record but never lets a version through.
 *
 * @param env the environment whose API was meant
 * @param called what was called
 * @param answeredBy who answered, as the answers themselves said
 * @param counts how many cases ran and how many did not pass
 * @param at when the run started
 * @param reportPath where the run's JUnit XML is
 */
public record SmokeRecord(String env, Called called, AnsweredBy answeredBy, Counts counts, Instant at, String reportPath) {

    /**
     * What a run called: the URL (without credentials or query values), whether it is the
     * environment's configured API, the suite file and whether it is the environment's own, and the
     * desired-state commit at the time.
     */
    public record Called(String url, boolean environmentApi, String suite, boolean environmentSuite, String desiredCommit) {
        public Called {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(suite, "suite");
            Objects.requireNonNull(desiredCommit, "desiredCommit");
        }
    }

    /**
     * Who answered: every production variant named by an answer, the endpoint, and — when exactly one
     * variant answered — the endpoint config it belongs to and the model version ({@code group/version}).
     */
    public record AnsweredBy(List<String> variants, Optional<String> endpoint, Optional<String> endpointConfig,
                             Optional<String> version) {
        public static final AnsweredBy NOBODY = new AnsweredBy(List.of(), Optional.empty(), Optional.empty(),
                Optional.empty());

        public AnsweredBy {
            variants = List.copyOf(variants);
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(endpointConfig, "endpointConfig");
            Objects.requireNonNull(version, "version");
        }

        /** The one variant that answered every case that reached the endpoint; empty for none or several. */
        public Optional<String> variant() {
            return variants.size() == 1 ? Optional.of(variants.get(0)) : Optional.empty();
        }
    }

    /** How many cases ran and how many did not pass; a run passes when it ran some and all passed. */
    public record Counts(int tests, int failures) {
        public Counts {
            if (tests < 0 || failures < 0 || failures > tests) {
                throw new InputException("cannot record smoke run: " + failures + " failures of " + tests + " tests");
            }
        }

        public boolean passed() {
            return tests > 0 && failures == 0;
        }
    }

    public SmokeRecord {
        if (env == null || env.isBlank()) {
            throw new InputException("cannot record smoke run: the environment must be named");
        }
        Objects.requireNonNull(called, "called");
        Objects.requireNonNull(answeredBy, "answeredBy");
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(reportPath, "reportPath");
    }

    public boolean passed() {
        return counts.passed();
    }

    /** Whether the run can count for promotion: the environment's own API, called with its own suite. */
    public boolean evidence() {
        return called.environmentApi() && called.environmentSuite();
    }

    /** Whether the answers came from {@code version} ({@code group/version}, group matched ignoring case as SageMaker does). */
    public boolean answeredBy(String version) {
        return answeredBy.version().filter(v -> v.equalsIgnoreCase(version)).isPresent();
    }

    /** "passed 10/10" or "failed 2 of 10", for messages and commit trailers. */
    public String summary() {
        return passed() ? "passed " + counts.tests() + "/" + counts.tests()
                : "failed " + counts.failures() + " of " + counts.tests();
    }
}
