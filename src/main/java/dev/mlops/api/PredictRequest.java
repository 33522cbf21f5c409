package dev.mlops.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns an API request body into the endpoint's {@code text/csv} records, checking each one first.
 * Two shapes are accepted: CSV text (one record per line; {@code text/csv}, {@code text/plain} as the
 * workshop's client sent, curl's default form type, or no type) and JSON
 * {@code {"instances": ["L,298.4,308.2,1582,70.7,216", ["M", 298.4, 308.2, 1582, 30.2, 214]]}}
 * where each instance is a CSV line or an array of field values.
 */
final class PredictRequest {
    static final String EXAMPLE = "L,298.4,308.2,1582,70.7,216";
    /**
     * Instances are three levels deep and numbers short: anything far beyond is refused (400) while
     * parsing, before it costs memory or reaches a converter (Jackson's defaults allow depth 500 and
     * 1,000 digits).
     */
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxNumberLength(64)
                    .maxStringLength(8 * 1024 * 1024).build()).build());
    private static final List<String> CSV_TYPES = List.of("text/csv", "text/plain", "application/x-www-form-urlencoded");

    private PredictRequest() {
    }

    /** A request the API refuses, with the HTTP status to answer and a message for the caller. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** One record and where it was in the request ("line 2", "instance 1"). */
    private record Fields(String where, List<String> values) {
    }

    /** The records as CSV lines, each checked against {@code shape}. */
    static List<String> records(String body, Optional<String> contentType, RecordShape shape) throws Refused {
        String mediaType = contentType.map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).orElse("");
        List<Fields> records;
        if (mediaType.equals("application/json")) {
            records = fromJson(body);
        } else if (mediaType.isEmpty() || CSV_TYPES.contains(mediaType)) {
            records = fromCsv(body);
        } else {
            throw new Refused(415, "cannot score records sent as " + mediaType
                    + ": send text/csv (one record per line) or application/json {\"instances\": [...]}");
        }
        if (records.isEmpty()) {
            throw new Refused(400, "cannot score: the request has no records; send one CSV record per line, e.g. "
                    + EXAMPLE);
        }
        List<String> lines = new ArrayList<>();
        for (Fields record : records) {
            Optional<String> problem = shape.problem(record.values());
            if (problem.isPresent()) {
                throw new Refused(400, "cannot score the record on " + record.where() + ": " + problem.get()
                        + "; e.g. " + EXAMPLE);
            }
            lines.add(String.join(",", record.values().stream().map(RecordShape::strip).toList()));
        }
        return lines;
    }

    private static List<Fields> fromCsv(String body) {
        List<Fields> records = new ArrayList<>();
        String[] lines = body.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String record = lines[i].strip();
            if (!record.isEmpty()) {
                records.add(new Fields("line " + (i + 1), Arrays.asList(record.split(",", -1))));
            }
        }
        return records;
    }

    private static List<Fields> fromJson(String body) throws Refused {
        JsonNode instances;
        try {
            instances = JSON.readTree(body).path("instances");
        } catch (StreamConstraintsException e) {
            throw new Refused(400, "cannot read the JSON request: it is nested deeper than 16 levels or holds a number"
                    + " longer than 64 characters; send {\"instances\": [\"" + EXAMPLE + "\", ...]}");
        } catch (JsonProcessingException e) {
            // Some parse errors carry no location.
            JsonLocation at = e.getLocation();
            throw new Refused(400, "cannot read the JSON request: malformed JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        }
        if (!instances.isArray()) {
            throw new Refused(400, "cannot read the JSON request: expected {\"instances\": [\"" + EXAMPLE + "\", ...]}");
        }
        List<Fields> records = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            records.add(new Fields("instance " + (i + 1), instance(instances.get(i), i + 1)));
        }
        return records;
    }

    private static List<String> instance(JsonNode node, int number) throws Refused {
        if (node.isTextual()) {
            return Arrays.asList(node.asText().strip().split(",", -1));
        }
        if (!node.isArray()) {
            throw new Refused(400, "cannot score the record on instance " + number + ": an instance is a CSV line or an array of values");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode value : node) {
            String text = value.isValueNode() ? value.asText() : value.toString();
            if (!value.isValueNode() || text.contains(",") || text.contains("\n")) {
                throw new Refused(400, "cannot score the record on instance " + number + ": field " + (values.size() + 1)
                        + " must be a plain value, found '" + RecordShape.abbreviate(text) + "'");
            }
            values.add(text);
        }
        return values;
    }
}
