package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;

/** Splits and follows property paths: {@code a.b['key'].c[0]}. */
final class PropertyPath {
    private static final List<String> KEY_FIELDS = List.of("OutputName", "ChannelName", "Name");

    private PropertyPath() {
    }

    /** Segments are plain names, {@code 'quoted'} keys or numeric indexes. */
    static List<String> segments(String path) {
        List<String> segments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.' || c == '[') {
                flush(current, segments);
                if (c == '[') {
                    int close = path.indexOf(']', i);
                    segments.add(path.substring(i + 1, close < 0 ? path.length() : close));
                    i = close < 0 ? path.length() : close;
                }
            } else {
                current.append(c);
            }
        }
        flush(current, segments);
        return segments;
    }

    static JsonNode step(JsonNode node, String segment) {
        if (segment.startsWith("'") || segment.startsWith("\"")) {
            String key = segment.substring(1, segment.length() - 1);
            return node.isArray() ? byKey(node, key) : node.path(key);
        }
        if (node.isArray() && segment.chars().allMatch(Character::isDigit)) {
            return node.path(Integer.parseInt(segment));
        }
        return node.path(segment);
    }

    private static JsonNode byKey(JsonNode list, String key) {
        for (JsonNode element : list) {
            for (String field : KEY_FIELDS) {
                if (key.equals(element.path(field).asText(null))) {
                    return element;
                }
            }
        }
        return MissingNode.getInstance();
    }

    private static void flush(StringBuilder current, List<String> segments) {
        if (current.length() > 0) {
            segments.add(current.toString());
            current.setLength(0);
        }
    }
}
