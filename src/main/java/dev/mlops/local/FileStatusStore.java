package dev.mlops.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.WorkFailedException;
import dev.mlops.data.LocalArtifactStore;
import dev.mlops.deploy.EnvironmentStatus.Condition;
import dev.mlops.deploy.EnvironmentStatus;
import dev.mlops.deploy.StatusStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Environment statuses as JSON files under {@code <state-dir>/status/}, replaced atomically. */
public final class FileStatusStore implements StatusStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path directory;

    public FileStatusStore(Path stateDir) {
        this.directory = stateDir.resolve("status");
    }

    @Override
    public Optional<EnvironmentStatus> load(String env) {
        Path file = directory.resolve(env + ".json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(fromMap(JSON.readValue(file.toFile(), Map.class)));
        } catch (IOException | RuntimeException e) {
            throw new WorkFailedException("cannot read status of environment " + env + " (" + file + "): " + e.getMessage());
        }
    }

    @Override
    public void save(EnvironmentStatus status) {
        try {
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(status.toMap())
                    .getBytes(StandardCharsets.UTF_8);
            LocalArtifactStore.writeAtomically(directory.resolve(status.env() + ".json"), bytes);
        } catch (IOException e) {
            throw new WorkFailedException("cannot save status of environment " + status.env() + ": " + e.getMessage());
        }
    }

    @Override
    public List<EnvironmentStatus> all() {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
                    .map(n -> load(n.substring(0, n.length() - 5))).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new WorkFailedException("cannot list statuses in " + directory + ": " + e.getMessage());
        }
    }

    private static EnvironmentStatus fromMap(Map<?, ?> map) {
        List<Condition> conditions = new ArrayList<>();
        for (Object item : (List<?>) map.get("conditions")) {
            Map<?, ?> c = (Map<?, ?>) item;
            conditions.add(new Condition((String) c.get("type"), "True".equals(c.get("status")), (String) c.get("reason"),
                    (String) c.get("message"), Instant.parse((String) c.get("last_transition_time"))));
        }
        return new EnvironmentStatus((String) map.get("env"), EnvironmentStatus.Sync.valueOf((String) map.get("sync")),
                EnvironmentStatus.Health.valueOf((String) map.get("health")), text(map, "desired_commit"),
                text(map, "desired_version"), text(map, "live_version"), text(map, "last_attempted_revision"),
                text(map, "last_applied_revision"), (String) map.get("endpoint"), conditions,
                Instant.parse((String) map.get("updated_at")));
    }

    private static Optional<String> text(Map<?, ?> map, String key) {
        return Optional.ofNullable((String) map.get(key));
    }
}
