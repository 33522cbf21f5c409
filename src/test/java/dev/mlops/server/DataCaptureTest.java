package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.spec.CaptureLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCaptureTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENDPOINT = "shop-staging";
    private static final String RECORD = "L,298.4,308.2,1582,70.7,216\n";
    private static final String PREDICTION = "{\"score\":0.8101770281791687,\"predicted_label\":1}";
    private static final int SIX_MB = 6 * 1024 * 1024;
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    /** Small enough that a test fills files and the cap quickly. */
    private static final CaptureLimits SMALL = new CaptureLimits(2 * 1024, 16 * 1024, 64 * 1024, Duration.ofMinutes(60));
    @TempDir
    Path stateDir;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @Test
    void aSixMegabyteRequestCapturesAtMostThePayloadLimitWithAMarker() throws Exception {
        DataCapture capture = capture();
        String input = sixMegabytesOfRecords();
        capture.record(event("big", T0, input, predictions(input.length() / RECORD.length())), CaptureLimits.DEFAULTS);

        long limit = CaptureLimits.DEFAULTS.maxPayloadBytes();
        assertTrue(captureBytes() <= CaptureLimits.largestRecordBytes(limit), "wrote " + captureBytes() + " bytes");
        JsonNode in = events().get(0).at("/captureData/endpointInput");
        assertTrue(in.path("truncated").asBoolean(), in.toString().substring(0, 200));
        assertEquals(input.length(), in.path("observedBytes").asLong());
        String kept = in.path("data").asText();
        assertTrue(kept.length() > limit / 2 && kept.endsWith("\n") && input.startsWith(kept),
                "whole CSV lines up to the limit, " + kept.length() + " chars");
        JsonNode out = events().get(0).at("/captureData/endpointOutput");
        assertTrue(out.path("truncated").asBoolean());
        assertEquals(2, capture.status(ENDPOINT).orElseThrow().truncatedPayloads());
    }

    @Test
    void escapingCountsTowardThePayloadLimit() throws Exception {
        // Each NUL is written as \u0000: six bytes. Today's capture wrote 36 MB for this 6 MB body.
        String input = "L,298.4,308.2,1582,70.7,216" + "\0".repeat(SIX_MB - 27);
        capture().record(event("nul", T0, input, predictions(1)), CaptureLimits.DEFAULTS);
        assertTrue(captureBytes() <= CaptureLimits.largestRecordBytes(CaptureLimits.DEFAULTS.maxPayloadBytes()),
                "wrote " + captureBytes() + " bytes");
        assertFalse(events().get(0).at("/captureData/endpointOutput").has("truncated"), "a small body is kept whole");
    }

    @Test
    void aThousandSixMegabyteRequestsStayWithinTheCap() throws Exception {
        DataCapture capture = capture();
        String input = sixMegabytesOfRecords();
        String output = predictions(input.length() / RECORD.length());
        long start = System.nanoTime();
        long largest = 0;
        for (int i = 0; i < 1000; i++) {
            capture.record(event("e" + i, T0.plusMillis(i), input, output), SMALL);
            largest = Math.max(largest, captureBytes());
        }
        assertTrue(largest <= SMALL.maxTotalBytes(), "the folder reached " + largest + " bytes");
        CaptureStatus status = capture.status(ENDPOINT).orElseThrow();
        assertTrue(status.droppedFiles() > 0, status.toString());
        assertEquals(captureBytes(), status.bytes(), "the counters match the folder");
        assertTrue(System.nanoTime() - start < 20_000_000_000L, "took " + (System.nanoTime() - start) / 1_000_000 + " ms");
        assertTrue(Files.readString(statusFile()).contains("\"dropped_files\" : " + status.droppedFiles()),
                Files.readString(statusFile()));
    }

    @Test
    void rotatesWhenTheNextRecordWouldPassTheFileLimit() throws Exception {
        DataCapture capture = capture();
        String input = RECORD.repeat(200); // more than the payload limit: each record is about 4 KB
        for (int i = 0; i < 8; i++) {
            capture.record(event("e" + i, T0.plusMillis(i), input, predictions(200)), SMALL);
        }
        List<Path> files = captureFiles();
        assertTrue(files.size() >= 2, files.toString());
        for (Path file : files) {
            assertTrue(Files.size(file) <= SMALL.maxFileBytes(), file + ": " + Files.size(file));
        }
    }

    @Test
    void rotatesWhenTheFileIsOlderThanTheInterval() throws Exception {
        DataCapture capture = capture();
        capture.record(event("a", T0, RECORD, predictions(1)), SMALL);
        capture.record(event("b", T0.plus(Duration.ofMinutes(59)), RECORD, predictions(1)), SMALL);
        assertEquals(1, captureFiles().size());
        capture.record(event("c", T0.plus(Duration.ofMinutes(60)), RECORD, predictions(1)), SMALL);
        assertEquals(2, captureFiles().size());
        assertEquals(List.of("c"), ids(captureFiles().get(1)));
    }

    @Test
    void dropsTheOldestFilesFirst() throws Exception {
        DataCapture capture = capture();
        CaptureLimits oneRecordPerFile = new CaptureLimits(2 * 1024, 6 * 1024, 18 * 1024, Duration.ofMinutes(60));
        String input = RECORD.repeat(200);
        for (int i = 0; i < 10; i++) {
            capture.record(event("e" + i, T0.plusSeconds(i), input, predictions(200)), oneRecordPerFile);
        }
        List<String> kept = captureFiles().stream().flatMap(f -> ids(f).stream()).toList();
        int dropped = 10 - kept.size();
        assertTrue(dropped >= 5 && kept.size() >= 2, kept.toString());
        assertEquals(java.util.stream.IntStream.range(dropped, 10).mapToObj(i -> "e" + i).toList(), kept,
                "the newest records, in order");
        assertEquals(dropped, capture.status(ENDPOINT).orElseThrow().droppedFiles());
        assertTrue(captureBytes() <= oneRecordPerFile.maxTotalBytes());
    }

    @Test
    void capturedFilesAndFoldersAreOwnerOnly() throws Exception {
        Path dir = stateDir.resolve("endpoints").resolve(ENDPOINT).resolve("capture");
        Files.createDirectories(dir);
        Path older = Files.writeString(dir.resolve("2025-01-01-00.jsonl"), "{}\n");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(older, PosixFilePermissions.fromString("rw-r--r--"));
        capture().record(event("a", T0, RECORD, predictions(1)), CaptureLimits.DEFAULTS);
        assertEquals("rwx------", mode(dir));
        for (Path file : captureFiles()) {
            assertEquals("rw-------", mode(file), file.toString());
        }
        Path fresh = stateDir.resolve("fresh");
        new DataCapture(new EndpointFiles(fresh), log::add).record(event("a", T0, RECORD, predictions(1)), SMALL);
        assertEquals("rwx------", mode(fresh.resolve("endpoints").resolve(ENDPOINT)));
        assertEquals("rwx------", mode(fresh), "the state dir the serving process creates");
    }

    @Test
    void aFailingDiskStopsCaptureOnceAndItResumesWhenWritesWorkAgain() throws Exception {
        DataCapture capture = capture();
        capture.record(event("before", T0, RECORD, predictions(1)), SMALL);
        Path dir = stateDir.resolve("endpoints").resolve(ENDPOINT).resolve("capture");
        // Root ignores permissions: a file where the capture folder should be fails every write instead.
        deleteTree(dir);
        Files.writeString(dir, "not a folder");
        for (int i = 0; i < 50; i++) {
            capture.record(event("lost" + i, T0.plusMillis(i), RECORD, predictions(1)), SMALL);
        }
        CaptureStatus stopped = capture.status(ENDPOINT).orElseThrow();
        assertEquals(CaptureStatus.State.STOPPED, stopped.state());
        assertEquals(50, stopped.skippedRecords());
        assertTrue(stopped.error().orElseThrow().contains("cannot write " + dir), stopped.error().orElseThrow());
        assertEquals(1, log.stream().filter(l -> l.contains("data capture stopped")).count(), log.toString());

        Files.delete(dir);
        capture.record(event("too-soon", T0.plusSeconds(1), RECORD, predictions(1)), SMALL);
        assertEquals(CaptureStatus.State.STOPPED, capture.status(ENDPOINT).orElseThrow().state(), "retried every 5 s");
        capture.record(event("after", T0.plus(CaptureLog.RETRY_AFTER), RECORD, predictions(1)), SMALL);
        assertEquals(CaptureStatus.State.CAPTURING, capture.status(ENDPOINT).orElseThrow().state());
        assertEquals(List.of("after"), captureFiles().stream().flatMap(f -> ids(f).stream()).toList());
        assertTrue(log.stream().anyMatch(l -> l.contains("data capture resumed")), log.toString());
    }

    private DataCapture capture() {
        return new DataCapture(new EndpointFiles(stateDir), log::add);
    }

    private static DataCapture.Event event(String id, Instant time, String input, String output) {
        return new DataCapture.Event(ENDPOINT, id, Optional.empty(), time, new DataCapture.Payload("text/csv", input),
                new DataCapture.Payload("application/json", output));
    }

    static String sixMegabytesOfRecords() {
        return RECORD.repeat(SIX_MB / RECORD.length());
    }

    static String predictions(int count) {
        StringBuilder out = new StringBuilder("{\"predictions\":[");
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? "" : ",").append(PREDICTION);
        }
        return out.append("]}").toString();
    }

    private Path statusFile() {
        return stateDir.resolve("endpoints").resolve(ENDPOINT).resolve(CaptureLog.STATUS_FILE);
    }

    private List<Path> captureFiles() throws IOException {
        try (Stream<Path> files = Files.list(stateDir.resolve("endpoints").resolve(ENDPOINT).resolve("capture"))) {
            return files.sorted().toList();
        }
    }

    private long captureBytes() throws IOException {
        long total = 0;
        for (Path file : captureFiles()) {
            total += Files.size(file);
        }
        return total;
    }

    private List<JsonNode> events() throws IOException {
        return captureFiles().stream().flatMap(f -> lines(f).stream()).map(DataCaptureTest::parse).toList();
    }

    private static List<String> ids(Path file) {
        return lines(file).stream().map(l -> parse(l).at("/eventMetadata/eventId").asText()).toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
