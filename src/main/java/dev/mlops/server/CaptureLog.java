package dev.mlops.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.AtomicFiles;
import dev.mlops.OwnerOnly;
import dev.mlops.spec.CaptureLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One endpoint's capture folder: appends records to the current file, starts a new one when it
 * would pass the file limit or is older than the rotation interval, and deletes the oldest files so
 * the folder stays within the total cap. A write error (a full disk, the folder gone) stops capture
 * — logged once — and it is tried again every {@link #RETRY_AFTER}; the folder is read afresh then,
 * and writing resumes in a new file, so a half-written line is never followed by another record.
 */
final class CaptureLog {
    static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    static final String STATUS_FILE = "capture-status.json";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss-SSS")
            .withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(Path file, long bytes) {
    }

    private final String endpointName;
    private final Path dir;
    private final Path statusFile;
    private final Consumer<String> log;
    private final Deque<Entry> closed = new ArrayDeque<>();
    private boolean scanned;
    private boolean restored;
    private Path current;
    private FileChannel channel;
    private long currentBytes;
    private Instant openedAt;
    private long totalBytes;
    private int sequence;
    private long droppedFiles;
    private long droppedBytes;
    private long truncated;
    private long skipped;
    private long maxTotalBytes = CaptureLimits.DEFAULTS.maxTotalBytes();
    private Optional<String> error = Optional.empty();
    private Instant retryAt = Instant.MIN;
    private Instant updatedAt = Instant.EPOCH;

    CaptureLog(String endpointName, Path dir, Path statusFile, Consumer<String> log) {
        this.endpointName = endpointName;
        this.dir = dir;
        this.statusFile = statusFile;
        this.log = log;
    }

    /** False while capture is stopped and not due for another try: the caller need not build the record. */
    synchronized boolean accepting(Instant now) {
        if (error.isPresent() && now.isBefore(retryAt)) {
            skipped++;
            return false;
        }
        return true;
    }

    /** Appends one record line; {@code truncatedBodies} counts the bodies cut to the payload limit. */
    synchronized void append(byte[] line, int truncatedBodies, Instant now, CaptureLimits limits) {
        updatedAt = now;
        maxTotalBytes = limits.maxTotalBytes();
        try {
            if (!scanned) {
                scan();
            }
            if (current == null || currentBytes + line.length > limits.maxFileBytes()
                    || !now.isBefore(openedAt.plus(limits.rotateAfter()))) {
                rotate(now);
            }
            boolean dropped = makeRoom(line.length, limits.maxTotalBytes());
            write(line);
            truncated += truncatedBodies;
            if (error.isPresent()) {
                log.accept("endpoint " + endpointName + ": data capture resumed in " + dir + " after " + skipped
                        + " records were not captured");
                error = Optional.empty();
                writeStatus();
            } else if (dropped) {
                writeStatus();
            }
        } catch (IOException | RuntimeException e) {
            stop(now, e);
        }
    }

    synchronized CaptureStatus status() {
        return new CaptureStatus(error.isPresent() ? CaptureStatus.State.STOPPED : CaptureStatus.State.CAPTURING,
                closed.size() + (current == null ? 0 : 1), totalBytes, maxTotalBytes, droppedFiles, droppedBytes,
                truncated, skipped, 0, error, updatedAt);
    }

    /** Reads the folder as it is: every file there counts toward the cap, oldest first; modes are made owner-only. */
    private void scan() throws IOException {
        OwnerOnly.createDirectories(dir);
        OwnerOnly.restrict(dir);
        closeChannel();
        closed.clear();
        current = null;
        totalBytes = 0;
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(".jsonl"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(CaptureLog::modified).thenComparing(Path::getFileName)).toList();
            for (Path file : found) {
                OwnerOnly.restrict(file);
                long size = Files.size(file);
                closed.addLast(new Entry(file, size));
                totalBytes += size;
            }
        }
        if (!restored) {
            restoreCounters();
            restored = true;
        }
        scanned = true;
    }

    /** Closes the current file until the next append; a batch of appends shares one open file. */
    synchronized void release() {
        closeChannel();
    }

    private void closeChannel() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Every write went through write(2) already; nothing is buffered here to lose.
        }
        channel = null;
    }

    private void rotate(Instant now) throws IOException {
        closeChannel();
        if (current != null) {
            closed.addLast(new Entry(current, currentBytes));
        }
        current = null;
        while (current == null) {
            Path file = dir.resolve(NAME.format(now) + "-" + String.format("%04d", sequence++ % 10_000) + ".jsonl");
            try {
                current = OwnerOnly.createFile(file);
            } catch (FileAlreadyExistsException e) {
                // A name taken in the same millisecond, or by an earlier process: take the next one.
            }
        }
        currentBytes = 0;
        openedAt = now;
    }

    /** Deletes the oldest closed files until {@code incoming} more bytes fit under the cap. */
    private boolean makeRoom(long incoming, long cap) throws IOException {
        boolean dropped = false;
        while (totalBytes + incoming > cap && !closed.isEmpty()) {
            Entry oldest = closed.removeFirst();
            Files.deleteIfExists(oldest.file());
            totalBytes -= oldest.bytes();
            droppedFiles++;
            droppedBytes += oldest.bytes();
            dropped = true;
        }
        return dropped;
    }

    private void write(byte[] line) throws IOException {
        try {
            if (channel == null) {
                channel = FileChannel.open(current, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            closeChannel();
            cutBack();
            throw e;
        }
        currentBytes += line.length;
        totalBytes += line.length;
    }

    /** Best effort: takes a half-written line off the end of the current file. */
    private void cutBack() {
        try (FileChannel channel = FileChannel.open(current, StandardOpenOption.WRITE)) {
            channel.truncate(currentBytes);
        } catch (IOException | RuntimeException ignored) {
            // The file is left for the next scan; the reader skips a line that does not parse.
        }
    }

    private void stop(Instant now, Exception e) {
        closeChannel();
        skipped++;
        scanned = false;
        current = null;
        retryAt = now.plus(RETRY_AFTER);
        if (error.isEmpty()) {
            error = Optional.of("cannot write " + dir + ": " + describe(e));
            log.accept("endpoint " + endpointName + ": data capture stopped, serving goes on: " + error.get()
                    + "; trying again every " + RETRY_AFTER.toSeconds() + " s");
            writeStatus();
        }
    }

    /** The status file; when it cannot be written either (a full disk), the counters stay in memory. */
    private void writeStatus() {
        try {
            AtomicFiles.write(statusFile, status().json().toPrettyString());
            OwnerOnly.restrict(statusFile);
        } catch (IOException | RuntimeException ignored) {
            // The stop was logged; GET /endpoints still shows the counters.
        }
    }

    private void restoreCounters() {
        try {
            JsonNode node = JSON.readTree(Files.readString(statusFile));
            droppedFiles = node.path("dropped_files").asLong(0);
            droppedBytes = node.path("dropped_bytes").asLong(0);
        } catch (IOException | RuntimeException e) {
            // No status yet (or unreadable): counting starts again.
        }
    }

    private static Instant modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toInstant();
        } catch (IOException e) {
            return Instant.MIN;
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("No space left") || message.contains("Disk quota")) {
            return "the disk is full (" + message + "); free space on it, capture resumes by itself";
        }
        return e instanceof FileAlreadyExistsException || e instanceof java.nio.file.NotDirectoryException
                ? message + " is not a folder" : message;
    }
}
