package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.WorkFailedException;
import dev.mlops.registry.NewModelPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrySchemaTest {
    @TempDir
    Path stateDir;

    private final TestClock clock = new TestClock(Instant.parse("2025-03-01T10:00:00Z"));

    @Test
    void storesTheFileInWriteAheadLogModeWithItsSchemaVersion() throws SQLException {
        SqliteModelRegistry.open(stateDir, clock).close();
        assertEquals("wal", pragma("journal_mode"));
        assertEquals(String.valueOf(RegistrySchema.VERSION), pragma("user_version"));
    }

    @Test
    void openingAgainKeepsTheData() {
        try (SqliteModelRegistry first = SqliteModelRegistry.open(stateDir, clock)) {
            first.register(NewModelPackage.pending("alpha", Map.of(), Map.of(), "ci"));
            try (SqliteModelRegistry second = SqliteModelRegistry.open(stateDir, clock)) {
                assertEquals(1, second.list("alpha").size());
            }
        }
        try (SqliteModelRegistry third = SqliteModelRegistry.open(stateDir, clock)) {
            assertEquals(1, third.list("alpha").size());
        }
    }

    @Test
    void refusesAFileWrittenByANewerController() throws SQLException {
        SqliteModelRegistry.open(stateDir, clock).close();
        execute("PRAGMA user_version = " + (RegistrySchema.VERSION + 1));
        WorkFailedException e = assertThrows(WorkFailedException.class,
                () -> SqliteModelRegistry.open(stateDir, clock));
        assertTrue(e.getMessage().contains("its schema version " + (RegistrySchema.VERSION + 1)
                + " is newer than this controller understands (" + RegistrySchema.VERSION + ")"),
                e.getMessage());
    }

    @Test
    void reportsAFileThatIsNotADatabase() throws Exception {
        Files.writeString(stateDir.resolve(SqliteModelRegistry.FILE_NAME), "x".repeat(4096));
        WorkFailedException e = assertThrows(WorkFailedException.class,
                () -> SqliteModelRegistry.open(stateDir, clock));
        assertTrue(e.getMessage().startsWith("cannot open model registry " + stateDir.toAbsolutePath()), e.getMessage());
    }

    @Test
    void theDatabaseRefusesAnUnknownApprovalStatus() throws SQLException {
        try (SqliteModelRegistry registry = SqliteModelRegistry.open(stateDir, clock)) {
            registry.register(NewModelPackage.pending("alpha", Map.of(), Map.of(), "ci"));
        }
        assertThrows(SQLException.class, () -> execute("UPDATE model_package SET approval_status = 'Maybe'"));
    }

    private String pragma(String name) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA " + name)) {
            r.next();
            return r.getString(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + stateDir.resolve(SqliteModelRegistry.FILE_NAME));
    }
}
