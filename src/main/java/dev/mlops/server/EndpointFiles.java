package dev.mlops.server;

import dev.mlops.InputException;
import dev.mlops.MlopsException;
import dev.mlops.data.LocalArtifactStore;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.EndpointDescription;
import dev.mlops.deploy.EndpointStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The files the local deployer and the serving process share, per endpoint under
 * {@code <state-dir>/endpoints/<name>/}: {@code config.json} (the request, written by the deployer),
 * {@code status.json} (written by the serving process), {@code configs/<config-name>.json} (every
 * config ever requested, so a restart can go back to the last good one) and {@code capture/}. Every
 * write is atomic (temp file, then rename): a killed writer leaves the old file or the new one.
 */
public final class EndpointFiles {
    private final Path root;

    public EndpointFiles(Path stateDir) {
        this.root = stateDir.resolve("endpoints");
    }

    public Path root() {
        return root;
    }

    public Path dir(String endpointName) {
        return root.resolve(endpointName);
    }

    public Path requestFile(String endpointName) {
        return dir(endpointName).resolve("config.json");
    }

    public Path statusFile(String endpointName) {
        return dir(endpointName).resolve("status.json");
    }

    public Path captureDir(String endpointName) {
        return dir(endpointName).resolve("capture");
    }

    /** Names of the endpoint directories, sorted; hidden entries and loose files are skipped. */
    public List<String> names() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith(".")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list endpoints in " + root + ": " + e.getMessage(), e);
        }
    }

    public Optional<ConfigRequest> readRequest(String endpointName) {
        Path file = requestFile(endpointName);
        return read(file).map(json -> parsed(file, () -> EndpointJson.request(json, file.toString())));
    }

    /** Keeps the config in the history first, so a request on disk always has its history entry. */
    public void writeRequest(ConfigRequest request) {
        EndpointConfig config = request.config();
        Path history = historyFile(config.endpointName(), config.configName());
        if (!Files.exists(history)) {
            write(history, EndpointJson.write(EndpointJson.config(config)));
        }
        write(requestFile(config.endpointName()), EndpointJson.request(request));
    }

    /** A config requested earlier, by name; empty when it was never requested. */
    public Optional<EndpointConfig> readHistory(String endpointName, String configName) {
        Path file = historyFile(endpointName, configName);
        return read(file).map(json -> parsed(file,
                () -> EndpointJson.config(EndpointJson.parse(json, file.toString()), file.toString())));
    }

    public Optional<EndpointStatusFile> readStatus(String endpointName) {
        Path file = statusFile(endpointName);
        return read(file).map(json -> parsed(file, () -> EndpointJson.status(json, file.toString())));
    }

    public void writeStatus(String endpointName, EndpointStatusFile status) {
        write(statusFile(endpointName), EndpointJson.status(status));
    }

    /**
     * The endpoint as a reconciler sees it: the request merged with the serving process's status, so
     * a request the serving process has not answered yet reads {@code Creating} or {@code Updating}
     * and never the previous outcome. Empty when no config was ever requested or reported.
     */
    public Optional<EndpointDescription> describe(String endpointName) {
        Optional<ConfigRequest> request = readRequest(endpointName);
        Optional<EndpointStatusFile> status = readStatus(endpointName);
        if (request.isEmpty()) {
            return status.map(s -> answered(endpointName, s, Optional.empty()));
        }
        ConfigRequest r = request.get();
        Optional<String> requested = Optional.of(r.config().configName());
        if (status.isPresent() && status.get().handledRequest().filter(r.key()::equals).isPresent()) {
            return Optional.of(answered(endpointName, status.get(), requested));
        }
        Optional<String> live = status.flatMap(EndpointStatusFile::liveConfigName);
        return Optional.of(new EndpointDescription(endpointName,
                live.isPresent() ? EndpointStatus.Updating : EndpointStatus.Creating, live,
                status.flatMap(EndpointStatusFile::liveVersion), requested, Optional.empty(), r.requestedAt()));
    }

    /** Every endpoint that has a request or a status, by name. */
    public List<EndpointDescription> list() {
        return names().stream().map(this::describe).flatMap(Optional::stream).toList();
    }

    private static EndpointDescription answered(String endpointName, EndpointStatusFile s, Optional<String> requested) {
        return new EndpointDescription(endpointName, s.status(), s.liveConfigName(), s.liveVersion(), requested,
                s.failureReason(), s.updatedAt());
    }

    private Path historyFile(String endpointName, String configName) {
        return dir(endpointName).resolve("configs").resolve(configName + ".json");
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path file, String json) {
        LocalArtifactStore.writeAtomically(file, json.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> T parsed(Path file, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (MlopsException | IllegalArgumentException e) {
            // The records' own checks do not know the file; name it unless the message already does.
            String prefix = "cannot read " + file;
            throw e.getMessage().startsWith(prefix) ? e : new InputException(prefix + ": " + e.getMessage(), e);
        }
    }
}
