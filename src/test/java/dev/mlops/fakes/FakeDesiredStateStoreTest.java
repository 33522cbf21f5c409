package dev.mlops.fakes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.CommitResult;
import dev.mlops.gitops.HistoryEntry;
import dev.mlops.gitops.InvalidDesiredStateException;
import dev.mlops.gitops.Trailers;
import dev.mlops.gitops.UnknownEnvironmentException;
import dev.mlops.local.TestClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The fake keeps the Git store's contracts, or the engine's tests would prove nothing. */
class FakeDesiredStateStoreTest {
    private final FakeDesiredStateStore store = FakeDesiredStateStore.stagingAndProd(
            new TestClock(Instant.parse("2024-05-01T10:00:00Z")), Optional.empty(), Optional.empty());

    @Test
    void aChangeIsOneCommitWithTheStoresOwnTrailersFirst() {
        CommitResult result = store.change(change(1, Map.of(Trailers.CHANGE_KIND, "approve")));

        assertTrue(result.changed());
        assertEquals(store.headCommit(), result.commit());
        assertEquals(result.commit(), store.read("staging").commit());
        HistoryEntry entry = store.history("staging", 1).get(0);
        assertEquals(List.of(Trailers.CHANGED_BY, Trailers.PREVIOUS_VERSION, Trailers.CHANGE_KIND),
                List.copyOf(entry.trailers().keySet()));
        assertEquals(Optional.of("none"), entry.trailer(Trailers.PREVIOUS_VERSION));
        assertEquals("why", entry.reason());
    }

    @Test
    void changingToTheVersionAlreadyWantedMakesNoCommit() {
        String first = store.change(change(1, Map.of())).commit();
        int commits = store.commitCount();

        CommitResult again = store.change(change(1, Map.of()));

        assertFalse(again.changed());
        assertEquals(first, again.commit());
        assertEquals(commits, store.commitCount());
    }

    @Test
    void historyListsTheCommitsThatTouchedTheFileNewestFirstSkippingUnreadableOnes() {
        store.change(change(1, Map.of()));
        store.change(new ChangeRequest("prod", Optional.of(FakeModelRegistry.ref(1)), "bob", "", Map.of()));
        store.editByHand("staging", "name: staging\nbogus: 1\n", "dave", "oops");
        store.editByHand("staging", Environments.staging(Optional.of(2)), "dave", "fix");

        List<Optional<Integer>> versions = store.history("staging", 10).stream()
                .map(e -> e.version().map(v -> v.version())).toList();

        assertEquals(List.of(Optional.of(2), Optional.of(1), Optional.<Integer>empty()), versions);
        assertEquals(2, store.history("staging", 2).size());
    }

    @Test
    void aFileThatDoesNotReadIsInvalidAtTheHeadCommit() {
        String broken = store.editByHand("staging", "name: staging\nbogus: 1\n", "dave", "oops");

        InvalidDesiredStateException error = assertThrows(InvalidDesiredStateException.class, () -> store.read("staging"));

        assertEquals(broken, error.commit());
    }

    @Test
    void anUnknownEnvironmentNamesTheKnownOnes() {
        UnknownEnvironmentException error = assertThrows(UnknownEnvironmentException.class, () -> store.read("qa"));

        assertEquals(List.of("prod", "staging"), error.details().get("known_environments"));
        assertEquals(List.of("prod", "staging"), store.environments());
    }

    private static ChangeRequest change(int version, Map<String, String> trailers) {
        return new ChangeRequest("staging", Optional.of(FakeModelRegistry.ref(version)), "alice", "why", trailers);
    }
}
