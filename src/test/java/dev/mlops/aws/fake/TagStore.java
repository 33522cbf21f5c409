package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Tags of every taggable resource the fake created, keyed by ARN (compared case-insensitively). */
final class TagStore {
    private final Map<String, Map<String, String>> tags = new HashMap<>();

    /** Makes {@code arn} taggable and applies the {@code Tags} list of its create request. */
    void register(String arn, JsonNode tagList) {
        tags.putIfAbsent(key(arn), new LinkedHashMap<>());
        add(arn, tagList);
    }

    void forget(String arn) {
        tags.remove(key(arn));
    }

    void add(String arn, JsonNode tagList) {
        Map<String, String> current = existing(arn);
        for (JsonNode tag : tagList) {
            current.put(Json.required(tag, "Key"), Json.text(tag, "Value").orElse(""));
        }
    }

    ArrayNode list(String arn) {
        ArrayNode list = Json.array();
        existing(arn).forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        return list;
    }

    private Map<String, String> existing(String arn) {
        Map<String, String> current = tags.get(key(arn));
        if (current == null) {
            throw ApiError.validation("Resource " + arn + " does not exist.");
        }
        return current;
    }

    private static String key(String arn) {
        return arn.toLowerCase(Locale.ROOT);
    }
}
