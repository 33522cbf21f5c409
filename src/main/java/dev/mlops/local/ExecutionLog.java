package dev.mlops.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.LocalArtifactStore;
import dev.mlops.pipeline.BuildResult;
import dev.mlops.pipeline.ExecutionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps a JSON record of each local execution under {@code <state-dir>/executions/}, so a build
 * can be looked at after the process that ran it is gone.
 */
final class ExecutionLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final Path directory;
    private final Clock clock;

    ExecutionLog(Path stateDir, Clock clock) {
        this.directory = stateDir.resolve("executions");
        this.clock = clock;
    }

    /** A SageMaker-like execution id: 12 lowercase letters and digits. */
    static String newId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder id = new StringBuilder(12);
        for (int i = 0; i < 12; i++) {
            id.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return id.toString();
    }

    void started(LocalExecution execution) {
        Map<String, Object> record = base(execution);
        record.put("status", "Executing");
        execution.startedAt = clock.instant();
        record.put("started_at", execution.startedAt.toString());
        write(execution.id, record);
    }

    void finished(LocalExecution execution, BuildResult result) {
        Map<String, Object> record = base(execution);
        record.putAll(result.toMap());
        record.put("started_at", execution.startedAt.toString());
        record.put("ended_at", clock.instant().toString());
        record.put("artifacts", execution.artifacts);
        write(execution.id, record);
    }

    /**
     * Ends the record of an execution that another process left Executing (it died, or was
     * interrupted) with what the registry now says of it; a record already ended is left alone.
     */
    void settle(String id, ExecutionStatus status, Optional<String> reason) {
        Path file = directory.resolve(id + ".json");
        Map<String, Object> record;
        try {
            if (!Files.isRegularFile(file)) {
                return;
            }
            record = JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (IOException e) {
            return; // a damaged record stays as it is; the registry holds the status
        }
        if (!"Executing".equals(record.get("status"))) {
            return;
        }
        record.put("status", status.name());
        reason.ifPresent(r -> record.put("failure_reason", r));
        record.put("ended_at", clock.instant().toString());
        write(id, record);
    }

    private static Map<String, Object> base(LocalExecution execution) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("execution_id", execution.id);
        record.put("execution_arn", execution.arn);
        record.put("pipeline", execution.plan.pipeline().spec().name());
        record.put("commit", execution.plan.commit().orElse(""));
        record.put("data", execution.plan.pipeline().dataSource());
        record.put("parameters", execution.plan.pipeline().parameters().values());
        return record;
    }

    private void write(String id, Map<String, Object> record) {
        try {
            byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(record).getBytes(StandardCharsets.UTF_8);
            LocalArtifactStore.writeAtomically(directory.resolve(id + ".json"), bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot record execution " + id + ": " + e.getMessage(), e);
        }
    }
}
