package dev.mlops.gitops.git;

import static dev.mlops.gitops.git.GitDesiredStateStoreTest.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.MlopsException;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.registry.ModelPackageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reads cost what the remote's movement needs: nothing fetched when it has not moved, one look per one-commit view. */
class GitReadsTest {
    @TempDir
    Path dir;
    Path seed;

    @BeforeEach
    void seed() throws Exception {
        seed = GitFixtures.seed(dir);
    }

    @Test
    void aReadFetchesOnlyWhenTheRemoteHasMoved() throws Exception {
        try (DesiredStateStore store = GitDesiredStateStore.open(GitFixtures.options(stateDir(), seed));
                DesiredStateStore other = otherWriter()) {
            store.read("staging"); // seeds the remote: pushed, not yet fetched
            store.read("staging");
            Path fetchHead = gitDir().resolve("FETCH_HEAD");
            Files.delete(fetchHead);
            store.read("prod");
            store.environments();
            assertFalse(Files.exists(fetchHead), "the remote has not moved: nothing fetched");

            other.change(deploy("staging", 3));
            assertEquals(Optional.of(3), version(store, "staging"));
            assertTrue(Files.exists(fetchHead), "the remote moved: fetched");
        }
    }

    @Test
    void aReadLeavesTheWorkingTreeAloneAndAChangeResetsIt() throws Exception {
        try (DesiredStateStore store = GitDesiredStateStore.open(GitFixtures.options(stateDir(), seed))) {
            store.change(deploy("staging", 1));
            Path stray = gitDir().getParent().resolve("environments/stray.yaml");
            Files.writeString(stray, "left by a killed process");
            assertEquals(List.of("prod", "staging"), store.environments(), "reads go to the commit, not the files");
            assertTrue(Files.exists(stray));
            store.change(deploy("staging", 2));
            assertFalse(Files.exists(stray), "a change starts from a clean tree");
        }
    }

    @Test
    void aOneCommitViewAsksTheRemoteOnceUntilItChangesSomething() throws Exception {
        try (Git init = Git.init().setBare(true).setInitialBranch("main").setDirectory(bare().toFile()).call();
                GitDesiredStateStore store = GitDesiredStateStore.open(GitFixtures.options(stateDir(), seed)
                        .withRemote(bare().toString()));
                DesiredStateStore other = otherWriter()) {
            DesiredStateStore view = store.atOneCommit();
            String first = view.read("staging").commit();
            other.change(deploy("staging", 5));
            assertEquals(first, view.read("staging").commit(), "one command, one commit");
            assertEquals(Optional.of(5), version(store, "staging"), "the store itself reads the remote now");

            Path away = dir.resolve("moved.git");
            Files.move(bare(), away);
            assertEquals(List.of("prod", "staging"), view.environments(), "no round trip to the remote");
            assertEquals(first, view.read("prod").commit());
            MlopsException unreachable = assertThrows(MlopsException.class, () -> store.read("prod"));
            assertTrue(unreachable.getMessage().startsWith("cannot fetch desired state at "), unreachable.getMessage());
            Files.move(away, bare());

            assertTrue(view.change(deploy("prod", 2)).changed());
            assertEquals(Optional.of(2), version(view, "prod"), "after its own change the view reads the new head");
            assertEquals(Optional.of(5), version(view, "staging"));
        }
    }

    private Path stateDir() {
        return dir.resolve("state");
    }

    /** The embedded remote of {@link #stateDir()}. */
    private Path bare() {
        return stateDir().resolve("desired-state.git");
    }

    /** A second controller with its own clone, writing to the same remote (the first one's embedded repository). */
    private DesiredStateStore otherWriter() {
        return GitDesiredStateStore.open(GitFixtures.options(dir.resolve("other-state"), seed).withRemote(bare().toString()));
    }

    private static Optional<Integer> version(DesiredStateStore store, String env) {
        return store.read(env).spec().modelPackage().map(ModelPackageRef::version);
    }

    private Path gitDir() throws Exception {
        try (Stream<Path> clones = Files.list(stateDir().resolve("gitops"))) {
            return clones.filter(Files::isDirectory).findFirst().orElseThrow().resolve(".git");
        }
    }
}
