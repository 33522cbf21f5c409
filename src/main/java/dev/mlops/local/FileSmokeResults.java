package dev.mlops.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.InputException;
import dev.mlops.WorkFailedException;
import dev.mlops.smoke.SmokeRecord.AnsweredBy;
import dev.mlops.smoke.SmokeRecord.Called;
import dev.mlops.smoke.SmokeRecord.Counts;
import dev.mlops.smoke.SmokeRecord;
import dev.mlops.smoke.SmokeResults;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Smoke results in an append-only JSON-lines file, {@code <state-dir>/smoke/results.jsonl}. Each
 * record is one line, written under a file lock and forced to disk before {@link #record} returns.
 * A crash can leave a torn last line: readers skip any line that is not a whole record, and the next
 * append starts on a fresh line so a torn line never swallows a good record.
 */
public final class FileSmokeResults implements SmokeResults {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** File locks guard against other processes only; this guards against other instances in this one. */
    private static final Map<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();
    private final Path file;

    public FileSmokeResults(Path stateDir) {
        this.file = stateDir.resolve("smoke").resolve("results.jsonl");
    }

    public Path file() {
        return file;
    }

    @Override
    public void record(SmokeRecord record) {
        byte[] line = (toJson(record) + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (IN_PROCESS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object())) {
            append(line);
        }
    }

    private void append(byte[] line) {
        try {
            Files.createDirectories(file.getParent());
            boolean created = !Files.exists(file);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                long end = channel.size();
                if (end > 0 && !endsWithNewline(channel, end)) {
                    channel.write(ByteBuffer.wrap(new byte[] {'\n'}), end);
                    end++;
                }
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    end += channel.write(buffer, end);
                }
                channel.force(true);
            }
            if (created) {
                syncDirectory(file.getParent());
            }
        } catch (IOException e) {
            throw new WorkFailedException("cannot record smoke result in " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<SmokeRecord> of(String env) {
        return all().stream().filter(r -> r.env().equals(env)).toList();
    }

    /** Every whole record, oldest first; torn or foreign lines are skipped. */
    public List<SmokeRecord> all() {
        List<String> lines;
        try {
            // Decoded leniently: a torn last line may end inside a multi-byte character.
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new WorkFailedException("cannot read smoke results " + file + ": " + e.getMessage(), e);
        }
        List<SmokeRecord> records = new ArrayList<>();
        for (String line : lines) {
            parse(line).ifPresent(records::add);
        }
        return List.copyOf(records);
    }

    /** Makes a new file's name durable too; not every platform can open a directory, and then the OS must do. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory as a channel; its file system commits the entry itself.
            return;
        }
    }

    private static boolean endsWithNewline(FileChannel channel, long size) throws IOException {
        ByteBuffer last = ByteBuffer.allocate(1);
        channel.read(last, size - 1);
        return last.get(0) == '\n';
    }

    private static String toJson(SmokeRecord record) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("env", record.env());
        line.put("url", record.called().url());
        line.put("environment_api", record.called().environmentApi());
        line.put("suite", record.called().suite());
        line.put("environment_suite", record.called().environmentSuite());
        line.put("desired_commit", record.called().desiredCommit());
        line.put("variants", record.answeredBy().variants());
        record.answeredBy().endpoint().ifPresent(e -> line.put("endpoint", e));
        record.answeredBy().endpointConfig().ifPresent(c -> line.put("endpoint_config", c));
        record.answeredBy().version().ifPresent(v -> line.put("version", v));
        line.put("tests", record.counts().tests());
        line.put("failures", record.counts().failures());
        line.put("passed", record.passed());
        line.put("at", record.at().toString());
        line.put("report", record.reportPath());
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write smoke record: " + e.getMessage(), e);
        }
    }

    /** A whole record, or empty for a torn line, a foreign line or a record of an older shape (never evidence). */
    private static Optional<SmokeRecord> parse(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject() || !hasAllFields(node)) {
                return Optional.empty();
            }
            List<String> variants = new ArrayList<>();
            node.get("variants").forEach(v -> variants.add(v.asText()));
            return Optional.of(new SmokeRecord(node.get("env").asText(),
                    new Called(node.get("url").asText(), node.get("environment_api").asBoolean(),
                            node.get("suite").asText(), node.get("environment_suite").asBoolean(),
                            node.get("desired_commit").asText()),
                    new AnsweredBy(variants, text(node, "endpoint"), text(node, "endpoint_config"), text(node, "version")),
                    new Counts(node.get("tests").asInt(), node.get("failures").asInt()),
                    Instant.parse(node.get("at").asText()), node.get("report").asText()));
        } catch (JsonProcessingException | DateTimeParseException | InputException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(JsonNode node, String field) {
        return node.path(field).isTextual() ? Optional.of(node.get(field).asText()) : Optional.empty();
    }

    private static boolean hasAllFields(JsonNode node) {
        return node.path("env").isTextual() && node.path("url").isTextual() && node.path("environment_api").isBoolean()
                && node.path("suite").isTextual() && node.path("environment_suite").isBoolean()
                && node.path("desired_commit").isTextual() && node.path("variants").isArray()
                && node.path("tests").isInt() && node.path("failures").isInt() && node.path("at").isTextual()
                && node.path("report").isTextual();
    }
}
