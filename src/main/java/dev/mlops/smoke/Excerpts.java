package dev.mlops.smoke;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Makes text from an answer safe to put in a report: secrets the suite sent are masked, control
 * characters are written as escapes, and long text is cut, so a report never carries a credential
 * or a whole payload.
 */
final class Excerpts {
    static final int MAX_CHARS = 300;
    private static final List<String> SENSITIVE = List.of("auth", "token", "secret", "key", "cookie", "password",
            "signature", "credential");
    private static final int SHORTEST_SECRET = 4;
    private final List<String> secrets;

    private Excerpts(List<String> secrets) {
        this.secrets = secrets;
    }

    /** Masks the values of the request headers whose names suggest a credential. */
    static Excerpts maskingHeaders(Map<String, String> requestHeaders) {
        return maskingHeaders(requestHeaders, List.of());
    }

    /** Masks those values and {@code secrets} too (what a transport adds, such as an API key). */
    static Excerpts maskingHeaders(Map<String, String> requestHeaders, List<String> secrets) {
        return new Excerpts(Stream.concat(requestHeaders.entrySet().stream()
                        .filter(e -> isSensitive(e.getKey()))
                        .map(Map.Entry::getValue), secrets.stream())
                .filter(v -> v.length() >= SHORTEST_SECRET)
                .toList());
    }

    static boolean isSensitive(String headerName) {
        String name = headerName.toLowerCase(Locale.ROOT);
        return SENSITIVE.stream().anyMatch(name::contains);
    }

    /** The text, masked, escaped and cut to {@link #MAX_CHARS}. */
    String of(String text) {
        return cut(escape(mask(text)), MAX_CHARS);
    }

    /** The text masked and escaped, quoted, for naming a value in a failure. */
    String quoted(String text) {
        return "'" + of(text) + "'";
    }

    private String mask(String text) {
        String masked = text;
        for (String secret : secrets) {
            masked = masked.replace(secret, "***");
        }
        return masked;
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    static String cut(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "... (" + (text.length() - end) + " more characters)";
    }
}
