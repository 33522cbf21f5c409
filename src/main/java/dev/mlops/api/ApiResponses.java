package dev.mlops.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The API's responses: every one carries the CORS header, errors are {@code {"message": ...}} JSON. */
final class ApiResponses {
    static final String ALLOWED_METHODS = "POST, OPTIONS";
    static final String ENDPOINT_HEADER = "X-Mlops-Endpoint";
    static final String VARIANT_HEADER = "X-Mlops-Variant";

    private ApiResponses() {
    }

    /**
     * A prediction, with the endpoint and the production variant that answered it, so a client (a
     * smoke test) can tell which model version and config served it.
     */
    static APIGatewayV2HTTPResponse ok(String contentType, String body, String endpoint, Optional<String> variant) {
        Map<String, String> headers = headers(contentType);
        headers.put(ENDPOINT_HEADER, endpoint);
        variant.ifPresent(v -> headers.put(VARIANT_HEADER, v));
        headers.put("Access-Control-Expose-Headers", ENDPOINT_HEADER + ", " + VARIANT_HEADER);
        return response(200, headers, body);
    }

    static APIGatewayV2HTTPResponse preflight() {
        Map<String, String> headers = headers("text/plain");
        headers.put("Access-Control-Allow-Methods", ALLOWED_METHODS);
        headers.put("Access-Control-Allow-Headers", "Content-Type, Accept");
        headers.put("Access-Control-Max-Age", "3600");
        return response(204, headers, "");
    }

    static APIGatewayV2HTTPResponse methodNotAllowed(String method) {
        Map<String, String> headers = headers("application/json");
        headers.put("Allow", ALLOWED_METHODS);
        return response(405, headers, message("cannot " + method + " the prediction API: use POST (or OPTIONS)"));
    }

    static APIGatewayV2HTTPResponse error(int status, String text) {
        return response(status, headers("application/json"), message(text));
    }

    private static Map<String, String> headers(String contentType) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Access-Control-Allow-Origin", "*");
        return headers;
    }

    private static String message(String text) {
        return JsonNodeFactory.instance.objectNode().put("message", text).toString();
    }

    private static APIGatewayV2HTTPResponse response(int status, Map<String, String> headers, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body)
                .withIsBase64Encoded(false).build();
    }
}
