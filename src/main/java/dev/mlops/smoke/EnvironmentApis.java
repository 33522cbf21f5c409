package dev.mlops.smoke;

import dev.mlops.spec.EnvironmentSpec;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * Where an environment's own API is: the URL a smoke run must call to count as evidence. The
 * environment file's {@code api.url} when it names one, else the backend's route for the
 * environment (the local serving process's {@code /api/<env>/predict}).
 */
@FunctionalInterface
public interface EnvironmentApis {

    /** The backend's own route for an environment, when it has one (AWS has none: its API is the spec's). */
    Optional<URI> backendRoute(String env);

    /** What to tell a user whose environment has neither an api.url nor a backend route. */
    default String unconfiguredHint() {
        return " and no local serving process is running; start one with: mlops serve";
    }

    /** A backend with no routes of its own (AWS): an environment's API is its api.url, or nothing. */
    EnvironmentApis CONFIGURED_ONLY = new EnvironmentApis() {
        @Override
        public Optional<URI> backendRoute(String env) {
            return Optional.empty();
        }

        @Override
        public String unconfiguredHint() {
            return "; set api.url to the API Gateway stage route, e.g."
                    + " https://abc123.execute-api.eu-west-1.amazonaws.com/staging/predict, or give --url, or invoke the"
                    + " endpoint itself with --direct (not evidence)";
        }
    };

    default Optional<URI> configured(EnvironmentSpec spec) {
        return spec.api().map(api -> URI.create(api.url())).or(() -> backendRoute(spec.name()));
    }

    /** Whether two URLs name the same API: scheme and host ignoring case, default ports, path without a trailing slash, query. */
    static boolean same(URI a, URI b) {
        return key(a).equals(key(b));
    }

    private static String key(URI url) {
        String scheme = String.valueOf(url.getScheme()).toLowerCase(Locale.ROOT);
        int port = url.getPort() >= 0 ? url.getPort() : scheme.equals("https") ? 443 : 80;
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        path = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        return scheme + "://" + String.valueOf(url.getHost()).toLowerCase(Locale.ROOT) + ":" + port + path
                + "?" + Optional.ofNullable(url.getRawQuery()).orElse("");
    }
}
