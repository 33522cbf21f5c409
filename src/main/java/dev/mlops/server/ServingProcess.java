package dev.mlops.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.InputException;
import dev.mlops.data.LocalArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The serving process that hosts a state dir's endpoints, as it announces itself in
 * {@code <state-dir>/serving.json}: its pid, base URL and start time. Other commands read it to find
 * the local API (smoke tests) or to tell a user that no serving process is running.
 */
public record ServingProcess(long pid, String url, Instant startedAt) {
    public static final String FILE_NAME = "serving.json";

    /** The running serving process of {@code stateDir}; empty when none announced itself or it has died. */
    public static Optional<ServingProcess> find(Path stateDir) {
        Path file = stateDir.resolve(FILE_NAME);
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        JsonNode node = EndpointJson.parse(json, file.toString());
        if (!node.hasNonNull("pid") || !node.hasNonNull("url") || !node.hasNonNull("started_at")) {
            throw new InputException("cannot read " + file + ": expected fields pid, url and started_at");
        }
        ServingProcess process = new ServingProcess(node.get("pid").asLong(), node.get("url").asText(),
                Instant.parse(node.get("started_at").asText()));
        return process.isAlive() ? Optional.of(process) : Optional.empty();
    }

    public boolean isAlive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    public void announce(Path stateDir) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("pid", pid).put("url", url).put("started_at", startedAt.toString());
        LocalArtifactStore.writeAtomically(stateDir.resolve(FILE_NAME),
                EndpointJson.write(node).getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the announcement if it is still this process's (a newer process may have replaced it). */
    public void withdraw(Path stateDir) {
        try {
            Optional<ServingProcess> current = find(stateDir);
            if (current.isEmpty() || current.get().pid() == pid) {
                Files.deleteIfExists(stateDir.resolve(FILE_NAME));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + stateDir.resolve(FILE_NAME) + ": " + e.getMessage(), e);
        }
    }
}
