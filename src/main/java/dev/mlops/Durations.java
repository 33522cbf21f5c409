package dev.mlops;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the durations users write on command lines and in config files: {@code 90s}, {@code 2h}, {@code 1h30m}, {@code PT2H}. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("((\\d+)(ms|s|m|h|d))+");

    private Durations() {
    }

    /**
     * @param what names the value in the error, e.g. "--timeout" or "mlops.yaml:4:17 (aws.poll_interval)"
     */
    public static Duration parse(String text, String what) {
        String trimmed = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (trimmed.startsWith("pt") || trimmed.startsWith("p")) {
            try {
                return Duration.parse(trimmed.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw invalid(text, what);
            }
        }
        if (!WHOLE.matcher(trimmed).matches()) {
            throw invalid(text, what);
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(trimmed);
        while (part.find()) {
            long amount = Long.parseLong(part.group(1));
            total = total.plus(switch (part.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            });
        }
        return total;
    }

    private static InputException invalid(String text, String what) {
        return new InputException("cannot parse duration '" + text + "' (" + what
                + "): expected a number with a unit, like 500ms, 30s, 10m, 2h or 1h30m");
    }
}
