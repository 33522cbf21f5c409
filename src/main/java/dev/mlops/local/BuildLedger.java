package dev.mlops.local;

import dev.mlops.WorkFailedException;
import dev.mlops.pipeline.ExecutionStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.NewModelPackage;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry's record of local executions, which makes a local build idempotent and
 * crash-consistent: an execution is a row with the process running it; its registration and its
 * status change in one transaction; a package registered under a build key is found again by a
 * rerun instead of registered twice; and an execution left Executing by a process that died is
 * marked Failed by the next build that starts.
 */
final class BuildLedger {
    /** The reason an execution whose process vanished is marked Failed with. */
    static final String DIED = "the process that ran it died";

    /** The reason for an execution of this very process whose run ended without recording it (a full disk). */
    static final String UNRECORDED = "its run ended without recording how";

    /** Executions this process is running now: its own pid is alive, so that alone does not say. */
    private static final Set<String> RUNNING_HERE = ConcurrentHashMap.newKeySet();

    /** An execution the ledger marked Failed because its process was gone, or its run here over. */
    record Dead(String executionId, long pid, String reason) {
    }

    private final SqliteModelRegistry registry;

    BuildLedger(SqliteModelRegistry registry) {
        this.registry = registry;
    }

    /** The package registered under {@code key}, if a build of that key registered one. */
    Optional<ModelPackage> registered(String key) {
        return registry.read("find the package of build " + key, () -> {
            var ref = registry.rows().byBuildKey(key);
            return ref.isEmpty() ? Optional.<ModelPackage>empty() : registry.load(ref.get());
        });
    }

    /**
     * Records execution {@code id} as Executing in this process. Refuses when a live process is
     * already running a build with the same key: two would race to register the same build.
     */
    void started(String id, Optional<String> key) {
        ProcessHandle self = ProcessHandle.current();
        registry.write("record execution " + id, () -> {
            if (key.isPresent()) {
                for (Running other : running()) {
                    if (key.get().equals(other.key) && other.alive()) {
                        throw new WorkFailedException("cannot start execution " + id + ": execution " + other.id
                                + " (pid " + other.pid + ") is building the same commit, attempt and parameters;"
                                + " wait for it, or use --attempt to start another attempt");
                    }
                }
            }
            try (PreparedStatement insert = registry.connection().prepareStatement("INSERT INTO local_execution"
                    + " (id, build_key, status, pid, process_started_at, started_at) VALUES (?, ?, 'Executing', ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, key.orElse(null));
                insert.setLong(3, self.pid());
                insert.setString(4, self.info().startInstant().map(Instant::toString).orElse(null));
                insert.setString(5, registry.now().toString());
                insert.executeUpdate();
            }
            RUNNING_HERE.add(id);
            return null;
        });
    }

    /** Execution {@code id}'s run in this process is over, whether or not its end could be recorded. */
    void released(String id) {
        RUNNING_HERE.remove(id);
    }

    /**
     * Registers the package of execution {@code id} and marks the execution Succeeded, in one
     * transaction; when a package already carries {@code key}, returns it instead.
     */
    ModelPackage register(NewModelPackage p, String id, Optional<String> key) {
        return registry.write("register model package in group " + p.group(), () -> {
            Optional<ModelPackage> earlier = Optional.empty();
            if (key.isPresent()) {
                var ref = registry.rows().byBuildKey(key.get());
                earlier = ref.isEmpty() ? Optional.empty() : registry.load(ref.get());
            }
            ModelPackage result = earlier.isPresent() ? earlier.get() : registry.insert(p, key);
            end(id, ExecutionStatus.Succeeded, Optional.empty());
            return result;
        });
    }

    /** Marks execution {@code id} ended, unless it already is (a registration ended it). */
    void finished(String id, ExecutionStatus status, Optional<String> reason) {
        registry.write("record the end of execution " + id, () -> end(id, status, reason));
    }

    /** Marks Failed every execution left Executing by a process that is gone; returns them. */
    List<Dead> failDead() {
        return registry.write("mark executions of dead processes failed", () -> {
            List<Dead> dead = new ArrayList<>();
            for (Running r : running()) {
                if (!r.alive()) {
                    String reason = r.pid == ProcessHandle.current().pid() ? UNRECORDED : DIED;
                    end(r.id, ExecutionStatus.Failed, Optional.of(reason + " (pid " + r.pid + ")"));
                    dead.add(new Dead(r.id, r.pid, reason));
                }
            }
            return dead;
        });
    }

    private Void end(String id, ExecutionStatus status, Optional<String> reason) throws SQLException {
        try (PreparedStatement update = registry.connection().prepareStatement("UPDATE local_execution"
                + " SET status = ?, failure_reason = ?, ended_at = ? WHERE id = ? AND status = 'Executing'")) {
            update.setString(1, status.name());
            update.setString(2, reason.orElse(null));
            update.setString(3, registry.now().toString());
            update.setString(4, id);
            update.executeUpdate();
        }
        return null;
    }

    private record Running(String id, String key, long pid, String processStartedAt) {
        /**
         * Alive when the pid runs and, where the OS says, started when the recorded one did (pids are reused);
         * in this process, while its run here goes on.
         */
        boolean alive() {
            if (pid == ProcessHandle.current().pid()) {
                return RUNNING_HERE.contains(id);
            }
            Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return false;
            }
            Optional<Instant> started = process.get().info().startInstant();
            return processStartedAt == null || started.isEmpty() || started.get().toString().equals(processStartedAt);
        }
    }

    private List<Running> running() throws SQLException {
        List<Running> running = new ArrayList<>();
        try (PreparedStatement select = registry.connection().prepareStatement(
                "SELECT id, build_key, pid, process_started_at FROM local_execution WHERE status = 'Executing'");
                ResultSet row = select.executeQuery()) {
            while (row.next()) {
                running.add(new Running(row.getString(1), row.getString(2), row.getLong(3), row.getString(4)));
            }
        }
        return running;
    }
}
