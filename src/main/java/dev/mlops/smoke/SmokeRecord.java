package dev.mlops.smoke;

import dev.mlops.InputException;
import java.time.Instant;
import java.util.Locale;

/**
 * One smoke run, as promotion needs to know it.
 *
 * @param env the environment whose API was tested
 * @param modelRef the model version the environment was serving, {@code group/version}
 * @param passed whether every case passed
 * @param tests how many cases ran
 * @param failures how many cases did not pass
 * @param at when the run started
 * @param reportPath where the run's report is (JUnit XML or JSON summary)
 */
public record SmokeRecord(String env, String modelRef, boolean passed, int tests, int failures, Instant at,
        String reportPath) {
    private static final String ARN_PACKAGE = ":model-package/";

    public SmokeRecord {
        if (env.isBlank() || modelRef.isBlank()) {
            throw new InputException("cannot record smoke run: the environment and the model version must be named");
        }
        if (tests < 0 || failures < 0 || failures > tests || passed != (failures == 0 && tests > 0)) {
            throw new InputException("cannot record smoke run of " + modelRef + " in " + env + ": " + failures
                    + " failures of " + tests + " tests does not match passed=" + passed);
        }
    }

    /** The record of a finished run against the model version the environment was serving. */
    public static SmokeRecord of(SmokeReport report, String modelRef, String reportPath) {
        return new SmokeRecord(report.env(), modelRef, report.passed(), report.tests(), report.failed(),
                report.startedAt(), reportPath);
    }

    /** Whether this record is about the given version, named as {@code group/version} or by its ARN. */
    public boolean isFor(String modelPackageArnOrRef) {
        return key(modelRef).equals(key(modelPackageArnOrRef));
    }

    /** {@code group/version} in lower case, from either a reference or a model package ARN. */
    static String key(String refOrArn) {
        String text = refOrArn.trim();
        int at = text.startsWith("arn:") ? text.indexOf(ARN_PACKAGE) : -1;
        String ref = at >= 0 ? text.substring(at + ARN_PACKAGE.length()) : text;
        return ref.toLowerCase(Locale.ROOT);
    }
}
