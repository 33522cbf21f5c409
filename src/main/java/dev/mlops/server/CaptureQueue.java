package dev.mlops.server;

import dev.mlops.spec.CaptureLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Hands captured invocations to one writer thread, so that no request waits on the disk or on
 * another request's write. The queue is bounded by records and by the characters of the bodies it
 * holds; when it is full the record is dropped and counted ({@code dropped_records} in
 * {@code GET /endpoints}) rather than making the request wait. {@link #close()} writes what is
 * queued before it returns, so a shutdown loses nothing that was accepted.
 * <p>The writer takes records in batches and rests {@link #LINGER_MILLIS} after each: under load it
 * wakes at most a few hundred times a second instead of once per request, and a batch is written
 * through one open file. The rest is short so that a batch stays small: a writer busy for
 * milliseconds at a time takes, on a two-core agent, the core a request needs, and shows in p99.
 */
final class CaptureQueue implements AutoCloseable {
    static final int MAX_RECORDS = 4096;
    static final long MAX_CHARS = 64L << 20;
    static final long LINGER_MILLIS = 2;
    private static final long CLOSE_WAIT_MILLIS = 10_000;

    /** Writes records one by one; {@link #endOfBatch()} follows each batch (to release open files). */
    @FunctionalInterface
    interface Writer {
        void write(DataCapture.Event event, CaptureLimits limits);

        default void endOfBatch() {
        }
    }

    private record Pending(DataCapture.Event event, CaptureLimits limits, long chars) {
    }

    private static final Pending STOP = new Pending(null, null, 0);

    private final Writer writer;
    private final Function<String, Optional<CaptureStatus>> statuses;
    private final Consumer<String> log;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>(MAX_RECORDS + 1);
    private final AtomicLong queuedChars = new AtomicLong();
    private final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile boolean closing;

    /** Starts the writer thread, which writes each record with {@code capture}. */
    CaptureQueue(DataCapture capture, Consumer<String> log) {
        this(capture, capture::status, log);
    }

    /** Starts the writer thread, which passes each record to {@code writer}; {@code statuses} reads its counters. */
    CaptureQueue(Writer writer,
                 Function<String, Optional<CaptureStatus>> statuses, Consumer<String> log) {
        this.writer = writer;
        this.statuses = statuses;
        this.log = log;
        this.thread = new Thread(this::drain, "mlops-capture-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the event for writing, or drops and counts it when the queue is full; never blocks. */
    void submit(DataCapture.Event event, CaptureLimits limits) {
        long chars = (long) event.input().data().length() + event.output().data().length();
        long total = queuedChars.addAndGet(chars);
        // One record bigger than the whole budget still goes in when nothing else is waiting.
        boolean fits = total <= MAX_CHARS || total == chars;
        if (closing || !fits || queue.size() >= MAX_RECORDS || !queue.offer(new Pending(event, limits, chars))) {
            queuedChars.addAndGet(-chars);
            dropped.computeIfAbsent(event.endpointName(), name -> new AtomicLong()).incrementAndGet();
        }
    }

    /** Records of this endpoint dropped because the queue was full, since the process started. */
    long dropped(String endpointName) {
        return Optional.ofNullable(dropped.get(endpointName)).map(AtomicLong::get).orElse(0L);
    }

    /** The endpoint's capture counters, the drops here included; empty until it has captured (or tried to). */
    Optional<CaptureStatus> status(String endpointName) {
        return statuses.apply(endpointName).map(s -> s.withDroppedRecords(dropped(endpointName)));
    }

    private void drain() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // Only close() stops the writer, with STOP; an interrupt alone does not lose records.
                continue;
            }
            queue.drainTo(batch);
            boolean stop = write(batch);
            batch.clear();
            if (stop) {
                return;
            }
            rest();
        }
    }

    /** Writes the batch up to STOP; true when STOP was in it. */
    private boolean write(List<Pending> batch) {
        try {
            for (Pending next : batch) {
                if (next == STOP) {
                    return true;
                }
                try {
                    writer.write(next.event(), next.limits());
                } catch (RuntimeException e) {
                    log.accept("endpoint " + next.event().endpointName() + ": a captured record was not written: " + e);
                } finally {
                    queuedChars.addAndGet(-next.chars());
                }
            }
            return false;
        } finally {
            writer.endOfBatch();
        }
    }

    private void rest() {
        if (closing) {
            return;
        }
        try {
            Thread.sleep(LINGER_MILLIS);
        } catch (InterruptedException e) {
            // Woken early: the next batch is simply smaller.
        }
    }

    /** Stops taking records, writes every queued one (waiting up to 10 s) and stops the writer thread. */
    @Override
    public void close() {
        closing = true;
        try {
            if (!queue.offer(STOP, CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                log.accept("data capture: the writer did not take the stop request within " + CLOSE_WAIT_MILLIS + " ms");
                return;
            }
            thread.join(CLOSE_WAIT_MILLIS);
            if (thread.isAlive()) {
                log.accept("data capture: " + queue.size() + " records were still being written at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
