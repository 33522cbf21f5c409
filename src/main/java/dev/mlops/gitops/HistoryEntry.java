package dev.mlops.gitops;

import dev.mlops.registry.ModelPackageRef;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One commit that touched an environment's file, newest first in {@link DesiredStateStore#history}:
 * who and when (the author), the full message, its trailers in order, and the model package the
 * environment wanted after that commit (empty: none).
 */
public record HistoryEntry(String commit, Instant time, String author, String message, Map<String, String> trailers,
        Optional<ModelPackageRef> version) {

    public HistoryEntry {
        trailers = Collections.unmodifiableMap(new LinkedHashMap<>(trailers));
    }
}
