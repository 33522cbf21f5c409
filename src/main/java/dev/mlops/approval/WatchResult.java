package dev.mlops.approval;

import dev.mlops.gitops.CommitResult;
import dev.mlops.promote.PromotionResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One pass of the approval watcher: the status changes it saw, the commit that made an approval
 * the environment's desired version (empty when none was needed), the rollbacks rejections caused
 * in any environment, notes on what it could not do, and the version the environment wants now.
 */
public record WatchResult(String group, String env, List<String> changes, Optional<String> desiredVersion,
                          Optional<CommitResult> commit, List<PromotionResult> rollbacks, List<String> notes, String message) {

    public WatchResult {
        changes = List.copyOf(changes);
        rollbacks = List.copyOf(rollbacks);
        notes = List.copyOf(notes);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("group", group);
        map.put("env", env);
        map.put("changes", changes);
        desiredVersion.ifPresent(v -> map.put("desired_version", v));
        commit.ifPresent(c -> {
            map.put("commit", c.commit());
            map.put("committed", c.changed());
        });
        map.put("rollbacks", rollbacks.stream().map(PromotionResult::toMap).toList());
        map.put("notes", notes);
        map.put("message", message);
        return map;
    }
}
