package dev.mlops.aws.fake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/** JSON helpers shared by the fakes; field access mirrors the SDK's JSON 1.1 wire shapes. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw ApiError.validation("cannot parse JSON: " + e.getOriginalMessage());
        }
    }

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? Optional.of(value.asText()) : Optional.empty();
    }

    static String required(JsonNode node, String field) {
        return text(node, field).filter(s -> !s.isEmpty()).orElseThrow(() -> ApiError.missing(field));
    }

    static int integer(JsonNode node, String field, int fallback) {
        JsonNode value = node.path(field);
        return value.canConvertToInt() ? value.asInt() : fallback;
    }

    /** The JSON 1.1 protocol sends timestamps as epoch seconds with a fraction. */
    static JsonNode time(Instant instant) {
        return DecimalNode.valueOf(BigDecimal.valueOf(instant.toEpochMilli(), 3));
    }

    static Optional<Instant> time(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isNumber()) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(value.decimalValue().movePointRight(3).longValue()));
    }

    /** Copies the named fields that are present in {@code from}. */
    static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            if (from.has(field) && !from.get(field).isNull()) {
                to.set(field, from.get(field).deepCopy());
            }
        }
    }
}
