package dev.mlops.smoke;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code mlops smoke} use case: run a suite, write both reports, and record the result against
 * the version under test so promotion can find it. Hosts map {@link Outcome#report()}'s
 * {@code passed()} to the exit code.
 */
public final class SmokeTestRun {
    private final SmokeRunner runner;
    private final SmokeResults results;

    public SmokeTestRun(SmokeRunner runner, SmokeResults results) {
        this.runner = runner;
        this.results = results;
    }

    /**
     * What a run produced.
     *
     * @param report the cases' results
     * @param junitXml the {@code TEST-smoke-<env>.xml} written
     * @param jsonSummary the {@code smoke-<env>.json} written
     * @param recorded the result as recorded; empty when the run named no version, so nothing can be promoted on it
     */
    public record Outcome(SmokeReport report, Path junitXml, Path jsonSummary, Optional<SmokeRecord> recorded) {
    }

    /** Runs, then writes the reports into {@code reportDir}, then records; the record points at the JUnit XML. */
    public Outcome call(SmokeRun run, Path reportDir) {
        SmokeReport report = runner.run(run);
        Path junit = JUnitXmlReport.write(report, reportDir);
        Path json = JsonSummary.write(report, reportDir);
        Optional<SmokeRecord> recorded = run.version().map(v -> SmokeRecord.of(report, v, junit.toAbsolutePath().toString()));
        recorded.ifPresent(results::record);
        return new Outcome(report, junit, json, recorded);
    }
}
