package dev.mlops.gitops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pass of the approval watcher: the status changes it saw, and the staging commit it made
 * (empty when none was needed).
 */
public record WatchResult(String group, List<String> changes, Optional<String> stagingVersion, Optional<CommitResult> commit,
                          String message) {

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("group", group);
        map.put("changes", changes);
        stagingVersion.ifPresent(v -> map.put("staging_version", v));
        commit.ifPresent(c -> {
            map.put("commit", c.commit());
            map.put("committed", c.changed());
        });
        map.put("message", message);
        return map;
    }
}
