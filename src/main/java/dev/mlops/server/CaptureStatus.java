package dev.mlops.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * What an endpoint's data capture has kept and lost: the files and bytes in its folder, the oldest
 * files deleted to stay within the cap, the bodies cut to the payload limit, the records not
 * written while capture was stopped by a write error (a full disk), with that error, and the records
 * dropped because the writer was behind and its queue full (see {@link CaptureQueue}).
 */
record CaptureStatus(State state, int files, long bytes, long maxTotalBytes, long droppedFiles, long droppedBytes,
                     long truncatedPayloads, long skippedRecords, long droppedRecords, Optional<String> error,
                     Instant updatedAt) {

    enum State { CAPTURING, STOPPED }

    /** The snake_case JSON of {@code capture-status.json} and of {@code capture} in {@code GET /endpoints}. */
    ObjectNode json() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("state", state.name().toLowerCase(java.util.Locale.ROOT)).put("files", files).put("bytes", bytes)
                .put("max_total_bytes", maxTotalBytes).put("dropped_files", droppedFiles)
                .put("dropped_bytes", droppedBytes).put("truncated_payloads", truncatedPayloads)
                .put("skipped_records", skippedRecords).put("dropped_records", droppedRecords);
        error.ifPresent(e -> node.put("error", e));
        node.put("updated_at", updatedAt.toString());
        return node;
    }

    CaptureStatus withDroppedRecords(long dropped) {
        return new CaptureStatus(state, files, bytes, maxTotalBytes, droppedFiles, droppedBytes, truncatedPayloads,
                skippedRecords, dropped, error, updatedAt);
    }
}
