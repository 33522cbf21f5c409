package dev.mlops.approval;

import dev.mlops.registry.ApprovalStatus;
import java.util.Map;

/** The approval statuses the watcher has already acted on, per group, persisted across restarts. */
public interface WatchCursor {
    Map<Integer, ApprovalStatus> load(String group);

    void save(String group, Map<Integer, ApprovalStatus> seen);
}
