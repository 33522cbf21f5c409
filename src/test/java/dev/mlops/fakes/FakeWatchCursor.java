package dev.mlops.fakes;

import dev.mlops.approval.WatchCursor;
import dev.mlops.registry.ApprovalStatus;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** The approval watcher's cursor in memory, per group; a load is a copy, as a file read would be. */
public final class FakeWatchCursor implements WatchCursor {
    private final Map<String, Map<Integer, ApprovalStatus>> groups = new HashMap<>();

    @Override
    public Map<Integer, ApprovalStatus> load(String group) {
        return new TreeMap<>(groups.getOrDefault(group, Map.of()));
    }

    @Override
    public void save(String group, Map<Integer, ApprovalStatus> seen) {
        groups.put(group, new TreeMap<>(seen));
    }
}
