package dev.mlops.server;

import dev.mlops.spec.CaptureLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Records sampled requests and responses like SageMaker's data capture, one JSON line per
 * invocation (see {@link CaptureRecord}) in {@code <state-dir>/endpoints/<name>/capture/}, within the
 * endpoint's {@link CaptureLimits}: bodies cut to the payload limit, files rotated by size and age,
 * the oldest deleted past the total cap (see {@link CaptureLog}). Folders and files are owner-only.
 * Whether a request is captured depends only on its id, so a replay samples the same requests.
 * Capture never fails an invocation: a write error stops it, logged once, until writes work again.
 */
final class DataCapture implements CaptureQueue.Writer {
    private final EndpointFiles files;
    private final Consumer<String> log;
    private final Map<String, CaptureLog> logs = new ConcurrentHashMap<>();

    DataCapture(EndpointFiles files, Consumer<String> log) {
        this.files = files;
        this.log = log;
    }

    /** One invocation as captured. */
    record Event(String endpointName, String eventId, Optional<String> inferenceId, Instant time,
                 Payload input, Payload output) {
    }

    record Payload(String contentType, String data) {
    }

    /** Whether the request with this id falls in the first {@code percent} of 100 buckets. */
    static boolean sampled(String requestId, int percent) {
        CRC32 crc = new CRC32();
        crc.update(requestId.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() % 100 < percent;
    }

    /** Appends the event within {@code limits} and closes the file; never throws. */
    void record(Event event, CaptureLimits limits) {
        write(event, limits);
        endOfBatch();
    }

    /** Appends the event within {@code limits}, leaving its file open until {@link #endOfBatch()}; never throws. */
    @Override
    public void write(Event event, CaptureLimits limits) {
        CaptureLog target = logs.computeIfAbsent(event.endpointName(), name -> new CaptureLog(name,
                files.captureDir(name), files.dir(name).resolve(CaptureLog.STATUS_FILE), log));
        if (!target.accepting(event.time())) {
            return;
        }
        byte[] line = CaptureRecord.line(event, limits.maxPayloadBytes());
        int truncated = (CaptureRecord.exceeds(event.input(), limits.maxPayloadBytes()) ? 1 : 0)
                + (CaptureRecord.exceeds(event.output(), limits.maxPayloadBytes()) ? 1 : 0);
        target.append(line, truncated, event.time(), limits);
    }

    /** Closes the files the batch wrote to. */
    @Override
    public void endOfBatch() {
        logs.values().forEach(CaptureLog::release);
    }

    /** The endpoint's capture counters; empty until it has captured (or tried to) in this process. */
    Optional<CaptureStatus> status(String endpointName) {
        return Optional.ofNullable(logs.get(endpointName)).map(CaptureLog::status);
    }
}
