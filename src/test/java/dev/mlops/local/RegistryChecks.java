package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.registry.ApprovalEvent;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.IntStream;

/** The invariants a registry file must keep whatever happened to the processes writing it. */
final class RegistryChecks {
    private RegistryChecks() {
    }

    /** SQLite's own check of pages, indexes and constraints. */
    static void assertIntact(Path db, String context) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                Statement s = c.createStatement();
                ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
            assertTrue(r.next(), context);
            assertEquals("ok", r.getString(1), context + ": integrity_check");
            assertFalse(r.next(), context + ": integrity_check reported more rows");
        }
    }

    /** What {@link #assertIntact} and {@link #assertConsistent} find broken, for the fault suite's counts. */
    static java.util.Optional<String> broken(Path db) throws SQLException {
        try {
            assertIntact(db, "integrity");
            try (SqliteModelRegistry registry = new SqliteModelRegistry(db, java.time.Clock.systemUTC())) {
                assertConsistent(registry, "consistency");
            }
            return java.util.Optional.empty();
        } catch (AssertionError e) {
            return java.util.Optional.of(String.valueOf(e.getMessage()));
        }
    }

    /** Per group: versions 1..n with no gap, each with its registration first and a status equal to its last event. */
    static void assertConsistent(ModelRegistry registry, String context) {
        for (String group : registry.groups()) {
            List<ModelPackage> newestFirst = registry.list(group);
            List<Integer> versions = newestFirst.stream().map(ModelPackage::version).toList();
            List<Integer> expected = IntStream.iterate(newestFirst.size(), v -> v > 0, v -> v - 1).boxed().toList();
            assertEquals(expected, versions, context + ": versions of " + group);
            newestFirst.forEach(p -> assertHistoryConsistent(p, context));
        }
    }

    private static void assertHistoryConsistent(ModelPackage p, String context) {
        String where = context + ": " + p.ref();
        List<ApprovalEvent> history = p.history();
        assertFalse(history.isEmpty(), where + " has no history");
        assertTrue(history.get(0).isRegistration(), where + " does not start with its registration");
        for (int i = 1; i < history.size(); i++) {
            assertEquals(history.get(i - 1).to(), history.get(i).from().orElse(null),
                    where + ": event " + i + " does not start where the previous one ended");
        }
        assertEquals(history.get(history.size() - 1).to(), p.approvalStatus(), where + ": status vs last event");
        assertEquals(ModelPackage.localArn(p.ref()), p.arn(), where);
    }
}
