package dev.mlops.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.WorkFailedException;
import dev.mlops.data.LocalArtifactStore;
import dev.mlops.deploy.ConditionType;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.deploy.EnvironmentState;
import dev.mlops.deploy.EnvironmentStatus.Condition;
import dev.mlops.deploy.EnvironmentStatus.Health;
import dev.mlops.deploy.EnvironmentStatus.Revisions;
import dev.mlops.deploy.EnvironmentStatus.Sync;
import dev.mlops.deploy.EnvironmentStatus;
import dev.mlops.deploy.Reason;
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
            return fromMap(JSON.readValue(file.toFile(), Map.class));
        } catch (JsonProcessingException e) {
            return Optional.empty();
        } catch (IOException e) {
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

    /** The status a file holds; a record in an older or foreign shape is no record (the next reconcile replaces it). */
    private static Optional<EnvironmentStatus> fromMap(Map<?, ?> map) {
        try {
            List<Condition> conditions = new ArrayList<>();
            for (Object item : (List<?>) map.get("conditions")) {
                Map<?, ?> c = (Map<?, ?>) item;
                conditions.add(new Condition(ConditionType.valueOf((String) c.get("type")), "True".equals(c.get("status")),
                        Reason.valueOf((String) c.get("reason")), (String) c.get("message"),
                        Instant.parse((String) c.get("last_transition_time"))));
            }
            EnvironmentState state = new EnvironmentState((String) map.get("env"), (String) map.get("endpoint"),
                    new EnvironmentState.Desired((String) map.get("desired_commit"), text(map, "desired_version"),
                            text(map, "desired_config")),
                    new EnvironmentState.Live(text(map, "endpoint_status").map(EndpointStatus::parse),
                            text(map, "live_version"), text(map, "live_config")),
                    Sync.valueOf((String) map.get("sync")), Health.valueOf((String) map.get("health")),
                    (String) map.get("message"));
            return Optional.of(new EnvironmentStatus(state, Reason.valueOf((String) map.get("reason")),
                    (String) map.get("message"), new Revisions(text(map, "last_attempted_revision"),
                            text(map, "last_applied_revision")), conditions, Instant.parse((String) map.get("updated_at"))));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(Map<?, ?> map, String key) {
        return Optional.ofNullable((String) map.get(key));
    }
}
