package dev.mlops.promote;

import java.util.LinkedHashMap;
import java.util.Map;

/** One release rule that did not hold: its name (e.g. {@code evidence-version}) and what to do about it. */
public record Refusal(String rule, String message) {

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("rule", rule);
        map.put("message", message);
        return map;
    }
}
