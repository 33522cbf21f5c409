package dev.mlops.local;

import dev.mlops.InputException;
import dev.mlops.WorkFailedException;
import dev.mlops.registry.ApprovalChange;
import dev.mlops.registry.ApprovalEvent;
import dev.mlops.registry.ApprovalRequest;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.NewModelPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.sqlite.JDBC;

/**
 * The local backend's model registry: one SQLite file in write-ahead-log mode. Every write is one
 * {@code BEGIN IMMEDIATE} transaction, so a process killed mid-write leaves the file as it was
 * before that write, and two processes (the CLI and a server) never hand out the same version.
 * One instance holds one connection and serialises its callers; open one per thread for parallel reads.
 */
public final class SqliteModelRegistry implements ModelRegistry {
    /** The registry's file name inside the state directory. */
    public static final String FILE_NAME = "registry.db";

    private static final String REGISTRATION_REASON = "registered";

    private final Path file;
    private final Clock clock;
    private final Connection connection;
    private final PackageRows rows;
    private boolean closed;

    /** Opens (creating when missing, with its parent directories) the registry file {@code file}. */
    public SqliteModelRegistry(Path file, Clock clock) {
        this.file = file.toAbsolutePath();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connection = connect(this.file);
        this.rows = new PackageRows(connection);
    }

    /** Opens {@code <stateDir>/registry.db}. */
    public static SqliteModelRegistry open(Path stateDir, Clock clock) {
        return new SqliteModelRegistry(stateDir.resolve(FILE_NAME), clock);
    }

    public Path file() {
        return file;
    }

    @Override
    public ModelPackage register(NewModelPackage p) {
        return write("register model package in group " + p.group(), () -> insert(p, Optional.empty()));
    }

    /** Registers {@code p} under the next version; the caller holds a write transaction. */
    ModelPackage insert(NewModelPackage p, Optional<String> buildKey) throws SQLException {
        Instant now = clock.instant();
        Optional<PackageRows.Group> existing = rows.group(p.group());
        PackageRows.Group group = existing.isPresent() ? existing.get() : rows.insertGroup(p.group(), now);
        int version = group.latestVersion() + 1;
        ModelPackageRef ref = new ModelPackageRef(group.name(), version);
        List<ApprovalEvent> history = registrationHistory(p, now);
        ModelPackage created = new ModelPackage(group.name(), version, ModelPackage.localArn(ref),
                p.initialStatus(), ModelPackage.COMPLETED, now, p.metrics(), p.artifacts(),
                p.sourceCommit(), p.executionId(), p.description(), history);
        rows.setLatestVersion(group, version);
        rows.insertPackage(group, created, buildKey);
        for (ApprovalEvent event : history) {
            rows.insertEvent(group, version, event);
        }
        return created;
    }

    Instant now() {
        return clock.instant();
    }

    Connection connection() {
        return connection;
    }

    PackageRows rows() {
        return rows;
    }

    /** The registration; with a decision, registered pending and then moved by whoever decided. */
    private static List<ApprovalEvent> registrationHistory(NewModelPackage p, Instant now) {
        if (p.decision().isEmpty()) {
            return List.of(new ApprovalEvent(Optional.empty(), p.initialStatus(), p.registeredBy(), now, REGISTRATION_REASON));
        }
        ApprovalStatus pending = ApprovalStatus.PendingManualApproval;
        NewModelPackage.Decision decision = p.decision().get();
        return List.of(new ApprovalEvent(Optional.empty(), pending, p.registeredBy(), now, REGISTRATION_REASON),
                new ApprovalEvent(Optional.of(pending), p.initialStatus(), decision.by(), now, decision.reason()));
    }

    @Override
    public List<ModelPackage> list(String group) {
        ModelPackageRef.requireValidGroup(group, "list model packages of group " + group);
        return read("list model packages of group " + group, () -> {
            Optional<PackageRows.Group> found = rows.group(group);
            return found.isEmpty() ? List.of() : rows.packages(found.get(), 1, Integer.MAX_VALUE);
        });
    }

    @Override
    public Optional<ModelPackage> find(ModelPackageRef ref) {
        return read("find model package " + ref, () -> load(ref));
    }

    @Override
    public ModelPackage describe(ModelPackageRef ref) {
        String action = "describe model package " + ref;
        return read(action, () -> load(ref).orElseThrow(() -> missing(action, ref)));
    }

    @Override
    public ApprovalChange updateApproval(ApprovalRequest request) {
        ModelPackageRef ref = request.ref();
        String action = "change approval of model package " + ref;
        return write(action, () -> {
            PackageRows.Group group = rows.group(ref.group()).orElseThrow(() -> missing(action, ref));
            ModelPackage current = load(ref).orElseThrow(() -> missing(action, ref));
            Optional<ApprovalEvent> event = current.nextApproval(request, clock.instant());
            if (event.isEmpty()) {
                return new ApprovalChange(current, false);
            }
            rows.setApprovalStatus(group, ref.version(), event.get().to());
            rows.insertEvent(group, ref.version(), event.get());
            return new ApprovalChange(current.with(event.get()), true);
        });
    }

    @Override
    public List<String> groups() {
        return read("list model package groups", rows::groupNames);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure("close model registry", e);
        }
    }

    Optional<ModelPackage> load(ModelPackageRef ref) throws SQLException {
        Optional<PackageRows.Group> group = rows.group(ref.group());
        if (group.isEmpty()) {
            return Optional.empty();
        }
        return rows.packages(group.get(), ref.version(), ref.version()).stream().findFirst();
    }

    /** Built inside the transaction that failed to find {@code ref}, so the hint is consistent with it. */
    private InputException missing(String action, ModelPackageRef ref) {
        try {
            return new InputException("cannot " + action + ": " + rows.whyMissing(ref));
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    /** A write: IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking. */
    <T> T write(String action, Work<T> work) {
        return inTransaction("BEGIN IMMEDIATE", action, work);
    }

    /** A read: one snapshot, so a package's status and its history always agree. */
    <T> T read(String action, Work<T> work) {
        return inTransaction("BEGIN DEFERRED", action, work);
    }

    private synchronized <T> T inTransaction(String begin, String action, Work<T> work) {
        if (closed) {
            throw new IllegalStateException("cannot " + action + ": the registry " + file + " is closed");
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(begin);
            try {
                T result = work.run();
                statement.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(statement, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure(action, e);
        }
    }

    private static void rollback(Statement statement, Exception cause) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may already have rolled back (e.g. disk full); the first error is what matters.
            cause.addSuppressed(e);
        }
    }

    private WorkFailedException failure(String action, SQLException e) {
        return SqliteErrors.explain("cannot " + action + ": model registry " + file, file, e);
    }

    private static Connection connect(Path file) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new WorkFailedException("cannot open model registry " + file
                    + ": cannot create its directory: " + e.getMessage(), e);
        }
        Connection connection = null;
        try {
            SqliteNative.useCache();
            // The driver itself, not DriverManager, whose first call looks for drivers in every jar.
            connection = JDBC.createConnection(JDBC.PREFIX + file, new Properties());
            RegistrySchema.configure(connection, file);
            RegistrySchema.migrate(connection, file);
            return connection;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection, e);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw SqliteErrors.explain("cannot open model registry " + file, file, (SQLException) e);
        }
    }

    private static void closeQuietly(Connection connection, Exception cause) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /** A unit of SQL work run inside a transaction. */
    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }
}
