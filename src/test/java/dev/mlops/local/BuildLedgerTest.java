package dev.mlops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.WorkFailedException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executions of a long-lived process (the fault suite, a daemon host): its pid stays alive, so a run
 * here that ended without recording its end (the disk was full) must still count as over, or a
 * rerun of the same build key in that process is refused for as long as the process lives.
 */
class BuildLedgerTest {
    @TempDir
    Path dir;

    @Test
    void aRunOfThisProcessThatEndedUnrecordedIsFailedAndNoLongerBlocksItsKey() {
        try (SqliteModelRegistry registry = new SqliteModelRegistry(dir.resolve("registry.db"), Clock.systemUTC())) {
            BuildLedger ledger = new BuildLedger(registry);
            ledger.started("first", Optional.of("key"));
            assertEquals(List.of(), ledger.failDead(), "running here: not dead");
            assertThrows(WorkFailedException.class, () -> ledger.started("second", Optional.of("key")),
                    "a second run of the key while the first goes on");

            ledger.released("first");
            List<BuildLedger.Dead> dead = ledger.failDead();
            assertEquals(List.of(new BuildLedger.Dead("first", ProcessHandle.current().pid(), BuildLedger.UNRECORDED)), dead);
            ledger.started("second", Optional.of("key"));
            ledger.released("second");
            assertTrue(registry.read("status", () -> {
                try (var s = registry.connection().createStatement();
                        var r = s.executeQuery("SELECT failure_reason FROM local_execution WHERE id = 'first'")) {
                    return r.next() && r.getString(1).startsWith(BuildLedger.UNRECORDED);
                }
            }));
        }
    }
}
