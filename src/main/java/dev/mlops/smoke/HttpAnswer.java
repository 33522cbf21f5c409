package dev.mlops.smoke;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An answer from the API as the checks see it: header names are matched ignoring case; the latency covers the whole exchange. */
public record HttpAnswer(int status, Map<String, List<String>> headers, String body, long latencyMs) {

    public HttpAnswer {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> byName.put(name, List.copyOf(values)));
        headers = java.util.Collections.unmodifiableMap(byName);
    }

    /** The first value of the header, if the answer has it. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).flatMap(values -> values.stream().findFirst());
    }
}
