package dev.mlops.server;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * One captured invocation as a line of SageMaker's capture format
 * ({@code captureData.endpointInput/endpointOutput} with {@code observedContentType}, {@code mode},
 * {@code data}, {@code encoding}; {@code eventMetadata}; {@code eventVersion}). A body whose data
 * would take more than the payload limit in the file is cut to fit, at the last whole line for
 * CSV, and its part says so: {@code "truncated": true} and {@code "observedBytes"}, the body's
 * size as received. The limit counts the data as written, JSON escapes included: escaping is
 * what made one 6 MB body of control characters take 36 MB.
 */
final class CaptureRecord {
    /** SageMaker's limit on an inference id; a longer header is cut so the metadata stays small. */
    static final int MAX_INFERENCE_ID = 64;

    private CaptureRecord() {
    }

    /** The record's line, newline included, with each body's data at most {@code maxPayloadBytes} as written. */
    static byte[] line(DataCapture.Event event, long maxPayloadBytes) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode data = root.putObject("captureData");
        payload(data.putObject("endpointInput"), event.input(), "INPUT", maxPayloadBytes);
        payload(data.putObject("endpointOutput"), event.output(), "OUTPUT", maxPayloadBytes);
        ObjectNode metadata = root.putObject("eventMetadata");
        metadata.put("eventId", event.eventId());
        event.inferenceId().map(id -> cut(id, MAX_INFERENCE_ID)).ifPresent(id -> metadata.put("inferenceId", id));
        metadata.put("inferenceTime", event.time().toString());
        root.put("eventVersion", "0");
        return (root.toString() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Whether the body's data would take more than {@code maxPayloadBytes} as written. */
    static boolean exceeds(DataCapture.Payload payload, long maxPayloadBytes) {
        return keptChars(payload.data(), maxPayloadBytes) < payload.data().length();
    }

    private static void payload(ObjectNode node, DataCapture.Payload payload, String mode, long maxPayloadBytes) {
        String text = payload.data();
        int kept = keptChars(text, maxPayloadBytes);
        boolean csv = payload.contentType().equals("text/csv");
        if (kept < text.length() && csv) {
            int lastLine = text.lastIndexOf('\n', kept - 1);
            kept = lastLine >= 0 ? lastLine + 1 : kept;
        }
        node.put("observedContentType", payload.contentType()).put("mode", mode).put("data", text.substring(0, kept))
                .put("encoding", csv ? "CSV" : "JSON");
        if (kept < text.length()) {
            node.put("truncated", true).put("observedBytes", utf8Bytes(text));
        }
    }

    /** How many leading chars of {@code text} fit in {@code limit} bytes once JSON-escaped and UTF-8 encoded. */
    static int keptChars(String text, long limit) {
        long written = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            int chars = Character.isHighSurrogate(c) && i + 1 < text.length() ? 2 : 1;
            written += escapedBytes(c, chars);
            if (written > limit) {
                return i;
            }
            i += chars;
        }
        return i;
    }

    // Jackson's default escaping: two-character escapes for quote, backslash and \b\f\n\r\t, \\u00XX
    // for other control characters, everything else as UTF-8.
    private static int escapedBytes(char c, int chars) {
        if (chars == 2) {
            return 4;
        }
        if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
            return 2;
        }
        if (c < 0x20) {
            return 6;
        }
        return c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }

    /** The body's size as received (UTF-8), counted without copying a body of up to 6 MB. */
    static long utf8Bytes(String text) {
        long bytes = text.length();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                bytes += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }

    private static String cut(String text, int chars) {
        return text.length() <= chars ? text : text.substring(0, chars);
    }
}
