package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.spec.CaptureLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The asynchronous capture writer: requests never wait on it, a full queue drops and counts, close writes everything. */
class CaptureQueueTest {
    private static final String ENDPOINT = "queue-staging";
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    @TempDir
    Path stateDir;

    @Test
    void aFullQueueDropsAndCountsInsteadOfBlockingAndCloseWritesTheRest() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        CaptureQueue queue = new CaptureQueue((event, limits) -> {
            entered.countDown();
            await(release);
            written.add(event.eventId());
        }, name -> Optional.empty(), line -> { });
        queue.submit(event("first", "r"), CaptureLimits.DEFAULTS);
        assertTrue(entered.await(10, TimeUnit.SECONDS), "the writer took the first record");
        // The writer is stuck on the first record (a slow disk): the next submits must not wait for it.
        long start = System.nanoTime();
        for (int i = 0; i < CaptureQueue.MAX_RECORDS + 10; i++) {
            queue.submit(event("e" + i, "r"), CaptureLimits.DEFAULTS);
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "submits did not block");
        assertEquals(10, queue.dropped(ENDPOINT));
        release.countDown();
        queue.close();
        assertEquals(CaptureQueue.MAX_RECORDS + 1, written.size(), "close wrote every queued record");
        assertEquals("first", written.get(0));
        assertEquals("e" + (CaptureQueue.MAX_RECORDS - 1), written.get(written.size() - 1), "in order");
        queue.submit(event("late", "r"), CaptureLimits.DEFAULTS);
        assertEquals(11, queue.dropped(ENDPOINT), "after close a record is counted, not written");
    }

    @Test
    void theWriterTakesRecordsInBatchesAndEndsEachOne() {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        CaptureQueue queue = new CaptureQueue(new CaptureQueue.Writer() {
            @Override
            public void write(DataCapture.Event event, CaptureLimits limits) {
                written.add(event.eventId());
            }

            @Override
            public void endOfBatch() {
                batches.incrementAndGet();
            }
        }, name -> Optional.empty(), line -> { });
        for (int i = 0; i < 2_000; i++) {
            queue.submit(event("e" + i, "r"), CaptureLimits.DEFAULTS);
        }
        queue.close();
        assertEquals(2_000, written.size());
        // One wake-up per record would be 2,000 batches; resting between batches gathers them.
        assertTrue(batches.get() >= 1 && batches.get() <= 100, batches + " batches");
    }

    @Test
    void theQueueIsBoundedByBodySizeToo() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CaptureQueue queue = new CaptureQueue((event, limits) -> await(release), name -> Optional.empty(), line -> { });
        String third = "x".repeat((int) (CaptureQueue.MAX_CHARS / 3) + 1);
        queue.submit(event("a", third), CaptureLimits.DEFAULTS);
        queue.submit(event("b", third), CaptureLimits.DEFAULTS);
        queue.submit(event("c", third), CaptureLimits.DEFAULTS);
        assertEquals(1, queue.dropped(ENDPOINT), "the third body would pass the budget");
        release.countDown();
        queue.close();
    }

    @Test
    void aWriterFailureLosesOneRecordNotTheWriter() {
        List<String> written = Collections.synchronizedList(new ArrayList<>());
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CaptureQueue queue = new CaptureQueue((event, limits) -> {
            if (event.eventId().equals("bad")) {
                throw new IllegalStateException("boom");
            }
            written.add(event.eventId());
        }, name -> Optional.empty(), log::add);
        queue.submit(event("bad", "r"), CaptureLimits.DEFAULTS);
        queue.submit(event("good", "r"), CaptureLimits.DEFAULTS);
        queue.close();
        assertEquals(List.of("good"), written);
        assertTrue(log.get(0).contains("boom"), log.toString());
    }

    @Test
    void closeFlushesToTheRealCaptureFolderAndStatusShowsTheDropCounter() throws Exception {
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        CaptureQueue queue = new CaptureQueue(new DataCapture(new EndpointFiles(stateDir), log::add), log::add);
        for (int i = 0; i < 300; i++) {
            queue.submit(event("e" + i, DataCaptureTest.predictions(1)), CaptureLimits.DEFAULTS);
        }
        queue.close();
        long lines;
        try (Stream<Path> files = Files.list(stateDir.resolve("endpoints").resolve(ENDPOINT).resolve("capture"))) {
            lines = files.mapToLong(f -> {
                try {
                    return Files.readAllLines(f).size();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sum();
        }
        assertEquals(300, lines);
        JsonNode status = new ObjectMapper().readTree(queue.status(ENDPOINT).orElseThrow().json().toString());
        assertEquals(0, status.path("dropped_records").asLong(-1), status.toString());
        assertEquals("capturing", status.path("state").asText());
        assertTrue(log.isEmpty(), log.toString());
    }

    private static DataCapture.Event event(String id, String body) {
        return new DataCapture.Event(ENDPOINT, id, Optional.empty(), T0, new DataCapture.Payload("text/csv", body),
                new DataCapture.Payload("application/json", "{\"predictions\":[]}"));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
