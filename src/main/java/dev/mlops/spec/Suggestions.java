package dev.mlops.spec;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** Finds the closest valid name for a misspelt one, so errors can say "did you mean ...". */
public final class Suggestions {
    private Suggestions() {
    }

    public static Optional<String> closest(String given, Collection<String> valid) {
        return valid.stream()
                .filter(v -> distance(given.toLowerCase(), v.toLowerCase()) <= Math.max(2, v.length() / 3))
                .min(Comparator.comparingInt(v -> distance(given.toLowerCase(), v.toLowerCase())));
    }

    /** " (did you mean 'x'?)" or "" when nothing is close. */
    public static String hint(String given, Collection<String> valid) {
        return closest(given, valid).map(v -> " (did you mean '" + v + "'?)").orElse("");
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
