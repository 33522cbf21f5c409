package dev.mlops.api;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** API Gateway v2 sends lower-cased header names; a test or another proxy may not, so normalise. */
final class EventHeaders {
    private EventHeaders() {
    }

    static Map<String, String> lowerCased(Map<String, String> headers) {
        Map<String, String> lower = new HashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> {
                if (name != null && value != null) {
                    lower.put(name.toLowerCase(Locale.ROOT), value);
                }
            });
        }
        return lower;
    }
}
