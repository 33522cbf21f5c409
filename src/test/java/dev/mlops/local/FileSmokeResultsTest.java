package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.smoke.SmokeRecord;
import dev.mlops.smoke.SmokeRecords;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSmokeResultsTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final String GROUP = "end-to-end-ml-sm-model-package-group";

    @TempDir
    Path stateDir;

    @Test
    void nothingRecordedIsEmptyAndCreatesNoFile() {
        FileSmokeResults results = new FileSmokeResults(stateDir);
        assertEquals(Optional.empty(), results.last("staging"));
        assertEquals(Optional.empty(), results.lastEvidence("staging"));
        assertFalse(Files.exists(results.file()));
    }

    @Test
    void lastEvidenceIsTheLastRunOfTheEnvironmentsOwnApiAndSuite() {
        FileSmokeResults results = new FileSmokeResults(stateDir);
        SmokeRecord v3Passed = record("staging", 3, true, 0);
        SmokeRecord debugging = SmokeRecords.elsewhere("staging", GROUP + "/4", "v4-89abcdef", true, T0.plusSeconds(60));
        SmokeRecord easySuite = SmokeRecords.otherSuite("staging", GROUP + "/4", "v4-89abcdef", true, T0.plusSeconds(120));
        SmokeRecord prodV2 = record("prod", 2, true, 3);
        List.of(v3Passed, debugging, easySuite, prodV2).forEach(results::record);

        assertEquals(Optional.of(v3Passed), results.lastEvidence("staging"), "runs elsewhere never shadow the evidence");
        assertEquals(Optional.of(easySuite), results.last("staging"));
        assertEquals(List.of(v3Passed, debugging, easySuite), results.of("staging"));
        assertEquals(Optional.of(prodV2), results.lastEvidence("prod"));
        assertEquals(List.of(v3Passed, debugging, easySuite, prodV2), results.all(), "every field survives the file");
    }

    @Test
    void verdictsAreTheLastEvidenceWithTheVersionThatAnswered() {
        FileSmokeResults results = new FileSmokeResults(stateDir);
        results.record(record("staging", 3, false, 0));
        results.record(SmokeRecords.elsewhere("staging", GROUP + "/3", "v3-0123abcd", true, T0.plusSeconds(60)));
        var verdict = results.verdicts().last("staging").orElseThrow();
        assertEquals(GROUP + "/3", verdict.version());
        assertFalse(verdict.passed(), "the passing run elsewhere does not make staging healthy");
        assertEquals(Optional.empty(), results.verdicts().last("prod"));
    }

    @Test
    void lastMeansLastRecordedEvenWhenTheClockWentBack() {
        FileSmokeResults results = new FileSmokeResults(stateDir);
        SmokeRecord later = record("staging", 3, false, 60);
        SmokeRecord earlierClock = record("staging", 3, true, 0);
        results.record(later);
        results.record(earlierClock);
        assertEquals(Optional.of(earlierClock), results.lastEvidence("staging"));
    }

    @Test
    void aNewInstanceReadsWhatAnotherWrote() {
        SmokeRecord passed = record("staging", 5, true, 0);
        new FileSmokeResults(stateDir).record(passed);
        assertEquals(Optional.of(passed), new FileSmokeResults(stateDir).last("staging"));
        assertEquals(stateDir.resolve("smoke").resolve("results.jsonl"), new FileSmokeResults(stateDir).file());
    }

    @Test
    void aTornLastLineIsSkippedAndTheNextRecordIsKept() throws IOException {
        FileSmokeResults results = new FileSmokeResults(stateDir);
        SmokeRecord v3 = record("staging", 3, true, 0);
        results.record(v3);
        String whole = Files.readString(results.file());
        Files.writeString(results.file(), whole.substring(0, whole.length() / 2), StandardOpenOption.APPEND);
        assertEquals(Optional.of(v3), results.last("staging"), "the torn line is skipped");

        SmokeRecord v4 = record("staging", 4, false, 1);
        results.record(v4);
        assertEquals(Optional.of(v4), results.last("staging"), "the next record starts on a line of its own");
        assertEquals(List.of(v3, v4), results.all());
    }

    @Test
    void aLineTornInsideAMultiByteCharacterIsSkipped() throws IOException {
        FileSmokeResults results = new FileSmokeResults(stateDir);
        SmokeRecord base = record("staging", 3, true, 0);
        SmokeRecord named = new SmokeRecord("staging", base.called(), base.answeredBy(), base.counts(), T0,
                "/reports/smoke-é-staging.json");
        results.record(named);
        byte[] bytes = Files.readAllBytes(results.file());
        int firstByteOfE = new String(bytes, StandardCharsets.ISO_8859_1).indexOf('\u00C3');
        byte[] tornCopy = java.util.Arrays.copyOf(bytes, firstByteOfE + 1);
        Files.write(results.file(), tornCopy, StandardOpenOption.APPEND);
        assertEquals(List.of(named), results.all());
    }

    @Test
    void foreignLinesAndRecordsOfTheOldShapeAreSkippedSoTheyAreNeverEvidence() throws IOException {
        FileSmokeResults results = new FileSmokeResults(stateDir);
        Files.createDirectories(results.file().getParent());
        Files.writeString(results.file(), String.join("\n", "not json", "[]", "{\"env\":\"staging\"}",
                "{\"env\":\"staging\",\"model_ref\":\"g/1\",\"passed\":true,\"tests\":2,\"failures\":0,"
                        + "\"at\":\"2025-03-01T10:00:00Z\",\"report\":\"r\"}", ""), StandardCharsets.UTF_8);
        assertEquals(List.of(), results.all());
    }

    @Test
    void concurrentRecordsAreAllKeptWholeLines() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writes = new ArrayList<>();
        try {
            for (int i = 1; i <= 40; i++) {
                int version = i;
                FileSmokeResults own = new FileSmokeResults(stateDir);
                writes.add(pool.submit(() -> own.record(record("staging", version, true, version))));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            pool.shutdownNow();
        }
        List<SmokeRecord> all = new FileSmokeResults(stateDir).all();
        assertEquals(40, all.size());
        assertEquals(40, Files.readAllLines(new FileSmokeResults(stateDir).file()).size());
        assertTrue(all.stream().allMatch(SmokeRecord::passed));
    }

    private static SmokeRecord record(String env, int version, boolean passed, int minutes) {
        return SmokeRecords.evidence(env, GROUP + "/" + version, "v" + version + "-0123abcd", passed,
                T0.plusSeconds(60L * minutes));
    }
}
