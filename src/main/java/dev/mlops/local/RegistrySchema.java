package dev.mlops.local;

import dev.mlops.WorkFailedException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Connection settings and the schema of the registry file; creating it twice changes nothing. */
final class RegistrySchema {
    /** Bump with a migration step in {@link #migrate} whenever the tables change. */
    static final int VERSION = 2;

    /** Long enough for another process's write (milliseconds) to finish on a loaded machine. */
    private static final int BUSY_TIMEOUT_MS = 30_000;

    private static final String STATUSES = "('PendingManualApproval', 'Approved', 'Rejected')";

    private static final String[] TABLES = {
        """
        CREATE TABLE IF NOT EXISTS model_package_group (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE COLLATE NOCASE,
          created_at TEXT NOT NULL,
          latest_version INTEGER NOT NULL CHECK (latest_version >= 0)
        ) STRICT""",
        """
        CREATE TABLE IF NOT EXISTS model_package (
          group_id INTEGER NOT NULL REFERENCES model_package_group (id),
          version INTEGER NOT NULL CHECK (version >= 1),
          arn TEXT NOT NULL UNIQUE,
          approval_status TEXT NOT NULL CHECK (approval_status IN %s),
          package_status TEXT NOT NULL,
          created_at TEXT NOT NULL,
          metrics TEXT NOT NULL,
          artifacts TEXT NOT NULL,
          source_commit TEXT,
          execution_id TEXT,
          description TEXT,
          PRIMARY KEY (group_id, version)
        ) STRICT""".formatted(STATUSES),
        // AUTOINCREMENT: ids only grow, so they order decisions and can serve as a watcher's cursor.
        """
        CREATE TABLE IF NOT EXISTS approval_event (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          group_id INTEGER NOT NULL,
          version INTEGER NOT NULL,
          from_status TEXT CHECK (from_status IN %s),
          to_status TEXT NOT NULL CHECK (to_status IN %s),
          decided_by TEXT NOT NULL,
          decided_at TEXT NOT NULL,
          reason TEXT NOT NULL,
          FOREIGN KEY (group_id, version) REFERENCES model_package (group_id, version)
        ) STRICT""".formatted(STATUSES, STATUSES),
        "CREATE INDEX IF NOT EXISTS approval_event_package ON approval_event (group_id, version, id)",
    };

    /**
     * Version 2: local builds are idempotent. A package remembers the build key (pipeline, commit,
     * attempt, parameters, data) it was registered under, at most one package per key; each local
     * execution is a row whose status changes in the same transaction as the registration, with
     * the process running it, so one left Executing by a dead process can be told apart.
     */
    private static final String[] VERSION_2 = {
        "ALTER TABLE model_package ADD COLUMN build_key TEXT",
        "CREATE UNIQUE INDEX model_package_build_key ON model_package (build_key) WHERE build_key IS NOT NULL",
        """
        CREATE TABLE local_execution (
          id TEXT PRIMARY KEY,
          build_key TEXT,
          status TEXT NOT NULL CHECK (status IN ('Executing', 'Succeeded', 'Failed')),
          pid INTEGER NOT NULL,
          process_started_at TEXT,
          started_at TEXT NOT NULL,
          ended_at TEXT,
          failure_reason TEXT
        ) STRICT""",
        "CREATE INDEX local_execution_status ON local_execution (status)",
    };

    private RegistrySchema() {
    }

    /**
     * Per-connection settings first (busy timeout before anything that may wait for a lock), then
     * the write-ahead log, which keeps the file consistent when a writer is killed and lets
     * readers in other processes go on while one process writes.
     */
    static void configure(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
            String mode = queryString(statement, "PRAGMA journal_mode = WAL");
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new WorkFailedException("cannot open model registry " + file
                        + ": its file system does not support SQLite's write-ahead log (journal mode stayed '"
                        + mode + "'); put the state directory on a local disk");
            }
            statement.execute("PRAGMA synchronous = FULL");
            statement.execute("PRAGMA foreign_keys = ON");
        }
    }

    /** Creates or upgrades the tables in one transaction, so a kill leaves either none or all. */
    static void migrate(Connection connection, Path file) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                int found = Integer.parseInt(queryString(statement, "PRAGMA user_version"));
                if (found > VERSION) {
                    throw new WorkFailedException("cannot open model registry " + file + ": its schema version "
                            + found + " is newer than this controller understands (" + VERSION
                            + "); upgrade the controller");
                }
                if (found < 1) {
                    for (String table : TABLES) {
                        statement.execute(table);
                    }
                }
                if (found < 2) {
                    for (String step : VERSION_2) {
                        statement.execute(step);
                    }
                }
                if (found < VERSION) {
                    statement.execute("PRAGMA user_version = " + VERSION);
                }
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                try {
                    statement.execute("ROLLBACK");
                } catch (SQLException rollbackFailure) {
                    e.addSuppressed(rollbackFailure);
                }
                throw e;
            }
        }
    }

    private static String queryString(Statement statement, String sql) throws SQLException {
        try (ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : "";
        }
    }
}
