package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.ml.ReportDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of {@code mlops build} compares the new model with what the environments serve when it is built. */
class ReportJourneyTest {
    @TempDir
    Path state;

    @Test
    void firstBuildHasNothingToCompareWithAndSeedsNoDesiredState() throws Exception {
        CliRun build = CliRun.json(state, "build");
        assertEquals(0, build.exitCode(), build.err());
        ReportDocument report = ReportDocument.parse(Files.readString(Path.of((String) build.json().get("report"))));
        assertTrue(report.text().contains("No environment serves a version yet"), report.text());
        assertEquals(List.of("metric", "this build"), header(report));
        assertFalse(Files.exists(state.resolve("desired-state.git")), "a build only looks: it creates no desired-state repository");
        assertTrue(report.text().contains("Quality gate passed: 5 of 5 rules hold"), report.text());
    }

    @Test
    void nextBuildStandsBesideTheVersionStagingServes() throws Exception {
        try (Journey journey = new Journey(state)) {
            int first = journey.build();
            journey.approveAndWatch(first);
            journey.reconcile("staging", 0);
            CliRun second = journey.run("build", "--attempt", "2", "--param", "max_depth=5");
            assertEquals(0, second.exitCode(), second.err());
            ReportDocument report = ReportDocument.parse(Files.readString(Path.of((String) second.json().get("report"))));
            String served = Journey.GROUP + "/" + first;
            assertEquals(List.of("metric", "this build", "staging serves " + served), header(report),
                    "prod serves nothing, so it has no column");
            Map<?, ?> recorded = (Map<?, ?>) journey.run("models", "describe", served).json().get("metrics");
            Map<?, ?> now = (Map<?, ?>) second.json().get("metrics");
            for (String metric : List.of("auc", "recall", "f1")) {
                double theirs = ((Number) recorded.get(metric)).doubleValue();
                double ours = ((Number) now.get(metric)).doubleValue();
                String row = report.all("//table[tr/th='this build']/tr[td='" + metric + "']").get(0).getTextContent();
                assertEquals(metric + f4(ours) + f4(theirs) + " (this build " + String.format(Locale.ROOT, "%+.4f", ours - theirs)
                        + ")", row);
            }
        }
    }

    private static List<String> header(ReportDocument report) {
        return report.all("//table[tr/th='this build']/tr/th").stream().map(e -> e.getTextContent()).toList();
    }

    private static String f4(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
