package dev.mlops.smoke;

import dev.mlops.InputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What to run: a suite against the API of one environment.
 *
 * @param suite the cases
 * @param env the environment's name; it names the report files, so letters, digits, '.', '_' and '-'
 * @param baseUrl the environment's API route, e.g. {@code http://127.0.0.1:8080/api/staging/predict}
 * @param version the model version the environment should be serving, when known (recorded, not checked)
 */
public record SmokeRun(SmokeSuite suite, String env, URI baseUrl, Optional<String> version) {
    private static final Pattern ENV = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    public SmokeRun {
        if (!ENV.matcher(env).matches()) {
            throw new InputException("cannot run smoke suite " + suite.name() + " for environment '" + Excerpts.escape(env)
                    + "': an environment name has 1-63 letters, digits, '.', '_' or '-' and starts with a letter or digit");
        }
        String scheme = baseUrl.getScheme() == null ? "" : baseUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
            throw new InputException("cannot run smoke suite " + suite.name() + " against '" + safe(baseUrl)
                    + "': the URL must be absolute and start with http:// or https://");
        }
    }

    /** Parses a base URL given by a user, e.g. from {@code --url}. */
    public static URI parseUrl(String text) {
        try {
            return new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new InputException("cannot use '" + Excerpts.cut(Excerpts.escape(text), 200) + "' as the API URL: "
                    + e.getReason() + " at index " + e.getIndex());
        }
    }

    /** The URL without user info and with query values hidden, for messages and reports. */
    public static String safe(URI url) {
        StringBuilder out = new StringBuilder();
        if (url.getScheme() != null) {
            out.append(url.getScheme()).append("://");
        }
        if (url.getHost() != null) {
            out.append(url.getHost());
        }
        if (url.getPort() >= 0) {
            out.append(':').append(url.getPort());
        }
        out.append(url.getRawPath() == null ? "" : url.getRawPath());
        if (url.getRawQuery() != null) {
            out.append("?...");
        }
        return out.toString();
    }

    /**
     * The URL a case's request goes to: the case's path appended to the base URL's path, and the
     * case's query, if any, added to the base URL's (an API key in the base query stays in place).
     */
    URI target(SmokeRequest request) {
        String base = baseUrl.toString();
        int fragment = base.indexOf('#');
        base = fragment < 0 ? base : base.substring(0, fragment);
        String[] baseParts = splitQuery(base);
        String[] caseParts = splitQuery(request.path());
        String path = baseParts[0].endsWith("/") && caseParts[0].startsWith("/")
                ? baseParts[0] + caseParts[0].substring(1) : baseParts[0] + caseParts[0];
        String query = baseParts[1].isEmpty() ? caseParts[1]
                : caseParts[1].isEmpty() ? baseParts[1] : baseParts[1] + "&" + caseParts[1];
        return URI.create(query.isEmpty() ? path : path + "?" + query);
    }

    private static String[] splitQuery(String url) {
        int question = url.indexOf('?');
        return question < 0 ? new String[] {url, ""} : new String[] {url.substring(0, question), url.substring(question + 1)};
    }
}
