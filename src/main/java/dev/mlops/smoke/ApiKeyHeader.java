package dev.mlops.smoke;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** Sends an API key as {@code x-api-key}, as API Gateway expects it; the key is a secret and masked in reports. */
final class ApiKeyHeader implements RequestDecorator {
    static final String HEADER = "x-api-key";
    private final String key;

    ApiKeyHeader(String key) {
        this.key = key;
    }

    @Override
    public Map<String, String> headers(URI target, SmokeRequest request) {
        return Map.of(HEADER, key);
    }

    @Override
    public List<String> secrets() {
        return List.of(key);
    }

    @Override
    public String toString() {
        return "ApiKeyHeader[***]";
    }
}
