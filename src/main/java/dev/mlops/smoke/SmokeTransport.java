package dev.mlops.smoke;

import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * How a case's request reaches what it tests and comes back as an answer: plain HTTP (optionally
 * signed or with an API key) or, on AWS, the endpoint invoked directly. A transport never retries.
 */
public interface SmokeTransport {
    /** The hint for a refused request when nothing was done to authorise it. */
    String OPEN_REFUSAL_HINT = "the API refused the request; if it is IAM-authorised or needs an API key, set api.auth: iam"
            + " or api.api_key_env in the environment file";

    /** Sends one request and reads the whole answer, timing it. */
    HttpAnswer send(URI target, SmokeRequest request) throws IOException, InterruptedException;

    /** Values the transport adds to requests that reports must never show (an API key). */
    default List<String> secrets() {
        return List.of();
    }

    /** What to tell the user when the API refuses a request with 401 or 403 that the suite expected it to take. */
    default String refusalHint() {
        return OPEN_REFUSAL_HINT;
    }
}
