package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One request as it reached the fake, including requests answered with an injected fault.
 *
 * @param operation the operation from {@code X-Amz-Target} (e.g. {@code StartPipelineExecution})
 * @param body the parsed JSON body
 * @param headers request headers, names lower-cased
 * @param injectedFault the {@code __type} of the fault the fake answered with, if any
 */
public record RecordedRequest(String operation, JsonNode body, Map<String, List<String>> headers,
                              Optional<String> injectedFault) {

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header, looked up case-insensitively. */
    public Optional<String> header(String name) {
        List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        return values.stream().findFirst();
    }
}
