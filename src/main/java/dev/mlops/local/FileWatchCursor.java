package dev.mlops.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.WorkFailedException;
import dev.mlops.approval.WatchCursor;
import dev.mlops.data.LocalArtifactStore;
import dev.mlops.registry.ApprovalStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The approval watcher's cursor as one JSON file per group under {@code <state-dir>/watch/}, replaced atomically. */
public final class FileWatchCursor implements WatchCursor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path directory;

    public FileWatchCursor(Path stateDir) {
        this.directory = stateDir.resolve("watch");
    }

    @Override
    public Map<Integer, ApprovalStatus> load(String group) {
        Path file = directory.resolve(group + ".json");
        Map<Integer, ApprovalStatus> seen = new TreeMap<>();
        if (!Files.exists(file)) {
            return seen;
        }
        try {
            Map<?, ?> raw = JSON.readValue(file.toFile(), Map.class);
            raw.forEach((version, status) -> seen.put(Integer.valueOf(version.toString()), ApprovalStatus.parse(status.toString())));
            return seen;
        } catch (IOException | RuntimeException e) {
            throw new WorkFailedException("cannot read the approval cursor " + file + ": " + e.getMessage()
                    + "; delete it to act on every package's current status again");
        }
    }

    @Override
    public void save(String group, Map<Integer, ApprovalStatus> seen) {
        Map<String, String> raw = new TreeMap<>();
        seen.forEach((version, status) -> raw.put(version.toString(), status.name()));
        try {
            LocalArtifactStore.writeAtomically(directory.resolve(group + ".json"),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(raw).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new WorkFailedException("cannot save the approval cursor for " + group + ": " + e.getMessage());
        }
    }
}
