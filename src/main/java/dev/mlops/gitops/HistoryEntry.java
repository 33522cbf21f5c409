package dev.mlops.gitops;

import dev.mlops.registry.ModelPackageRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One commit that touched an environment's file, newest first in {@link DesiredStateStore#history}:
 * who and when (the author), the full message, its trailers in order, and the model package the
 * environment wanted after that commit (empty: none).
 */
public record HistoryEntry(String commit, Instant time, String author, String message, Map<String, String> trailers,
        Optional<ModelPackageRef> version) {
    private static final Pattern TRAILER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]*: .*");

    public HistoryEntry {
        trailers = Collections.unmodifiableMap(new LinkedHashMap<>(trailers));
    }

    /** The commit's first line, e.g. {@code prod: promote group/3}. */
    public String subject() {
        return message.lines().findFirst().orElse("");
    }

    /** The body between the subject and the trailers: why the change was made. */
    public String reason() {
        List<String> lines = message.lines().toList();
        List<String> body = new ArrayList<>();
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            if (TRAILER.matcher(line).matches() && trailers.keySet().stream().anyMatch(k -> line.startsWith(k + ":"))) {
                break;
            }
            body.add(line);
        }
        return String.join("\n", body).strip();
    }

    /** What kind of change this was ({@code approve}, {@code promote}, {@code rollback}, ...), from its trailer. */
    public Optional<String> kind() {
        return trailer(Trailers.CHANGE_KIND);
    }

    /** A trailer's value, its key matched ignoring case as Git does. */
    public Optional<String> trailer(String key) {
        return trailers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue)
                .findFirst();
    }
}
