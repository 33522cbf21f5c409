package dev.mlops.smoke;

import java.util.Locale;

/**
 * Escapes text for XML 1.0. Characters XML 1.0 cannot carry at all (most control characters,
 * lone surrogates, U+FFFE/U+FFFF) are written as a visible {@code \\uXXXX} instead, so hostile
 * text from a case name or an answer can never make the report unreadable.
 */
final class Xml {
    private Xml() {
    }

    /** For element content: line breaks and tabs are kept. */
    static String text(String value) {
        return escape(value, false);
    }

    /** For a double-quoted attribute: line breaks and tabs become character references so parsers keep them. */
    static String attribute(String value) {
        return escape(value, true);
    }

    private static String escape(String value, boolean attribute) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        value.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\r' -> out.append("&#13;");
                case '\n' -> out.append(attribute ? "&#10;" : "\n");
                case '\t' -> out.append(attribute ? "&#9;" : "\t");
                default -> {
                    if (allowed(c)) {
                        out.appendCodePoint(c);
                    } else {
                        out.append(String.format(Locale.ROOT, "\\u%04x", c));
                    }
                }
            }
        });
        return out.toString();
    }

    /** XML 1.0's Char production, less the three whitespace characters handled above. */
    private static boolean allowed(int c) {
        return c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
    }
}
