package dev.mlops.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Records sampled requests and responses like SageMaker's data capture, one JSON line per
 * invocation in {@code <state-dir>/endpoints/<name>/capture/<yyyy-MM-dd-HH>.jsonl} (UTC hour).
 * Whether a request is captured depends only on its id, so a replay samples the same requests.
 */
final class DataCapture {
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH").withZone(ZoneOffset.UTC);
    private final EndpointFiles files;
    private final Consumer<String> log;

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

    /** Appends the event; a capture that cannot be written is logged, never failing the invocation. */
    void record(Event event) {
        Path file = files.captureDir(event.endpointName()).resolve(HOUR.format(event.time()) + ".jsonl");
        byte[] line = (json(event) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                log.accept("endpoint " + event.endpointName() + ": cannot write data capture " + file + ": " + e.getMessage());
            }
        }
    }

    private static String json(Event event) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode data = root.putObject("captureData");
        payload(data.putObject("endpointInput"), event.input(), "INPUT");
        payload(data.putObject("endpointOutput"), event.output(), "OUTPUT");
        ObjectNode metadata = root.putObject("eventMetadata");
        metadata.put("eventId", event.eventId());
        event.inferenceId().ifPresent(id -> metadata.put("inferenceId", id));
        metadata.put("inferenceTime", event.time().toString());
        root.put("eventVersion", "0");
        return root.toString();
    }

    private static void payload(ObjectNode node, Payload payload, String mode) {
        node.put("observedContentType", payload.contentType()).put("mode", mode).put("data", payload.data())
                .put("encoding", payload.contentType().equals("text/csv") ? "CSV" : "JSON");
    }
}
