package dev.mlops.smoke;

import java.util.Map;

/**
 * The request of a case.
 *
 * @param method an upper-case HTTP method, POST unless the suite says otherwise
 * @param path appended to the base URL as written ("" sends to the base URL itself)
 * @param headers the headers to send, with the suite's defaults merged in
 * @param body the body to send; empty sends none
 */
public record SmokeRequest(String method, String path, Map<String, String> headers, String body) {
    public SmokeRequest {
        headers = Map.copyOf(headers);
    }
}
