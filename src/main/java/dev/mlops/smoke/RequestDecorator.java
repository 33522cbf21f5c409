package dev.mlops.smoke;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Adds headers to a request just before it is sent, so the API accepts it: an API key, or a
 * signature over the whole request (SigV4, implemented by the AWS backend). Decorators run in
 * order, each seeing the headers the ones before it added.
 */
@FunctionalInterface
public interface RequestDecorator {

    /** The headers to add to {@code request} sent to {@code target}. */
    Map<String, String> headers(URI target, SmokeRequest request);

    /** Values this decorator adds that are secret and must be masked in reports. */
    default List<String> secrets() {
        return List.of();
    }
}
