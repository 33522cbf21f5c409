package dev.mlops.smoke;

import dev.mlops.smoke.SmokeRecord.AnsweredBy;
import dev.mlops.smoke.SmokeRecord.Called;
import dev.mlops.smoke.SmokeRecord.Counts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Smoke records for tests: evidence of a version (its own API and suite), or a debugging run elsewhere. */
public final class SmokeRecords {
    public static final String URL = "http://127.0.0.1:8080/api/staging/predict";

    private SmokeRecords() {
    }

    /** A run of the environment's own API and suite, answered by {@code variant} standing for {@code version}. */
    public static SmokeRecord evidence(String env, String version, String variant, boolean passed, Instant at) {
        return new SmokeRecord(env, new Called(URL, true, "tests/smoke/" + env + ".yaml", true, "c0ffee"),
                new AnsweredBy(List.of(variant), Optional.of("predictive-maintenance-" + env),
                        Optional.of("predictive-maintenance-" + env + "-" + variant), Optional.of(version)),
                new Counts(10, passed ? 0 : 2), at, "/reports/TEST-smoke-" + env + ".xml");
    }

    /** The same run, but against another URL: kept, never evidence. */
    public static SmokeRecord elsewhere(String env, String version, String variant, boolean passed, Instant at) {
        SmokeRecord run = evidence(env, version, variant, passed, at);
        return new SmokeRecord(env, new Called("http://127.0.0.1:8080/api/prod/predict", false, run.called().suite(), true,
                "c0ffee"), run.answeredBy(), run.counts(), at, run.reportPath());
    }

    /** The same run, but with another suite: kept, never evidence. */
    public static SmokeRecord otherSuite(String env, String version, String variant, boolean passed, Instant at) {
        SmokeRecord run = evidence(env, version, variant, passed, at);
        return new SmokeRecord(env, new Called(URL, true, "/tmp/easy.yaml", false, "c0ffee"), run.answeredBy(),
                run.counts(), at, run.reportPath());
    }
}
