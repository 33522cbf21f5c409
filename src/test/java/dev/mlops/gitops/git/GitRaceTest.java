package dev.mlops.gitops.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.Sleeper;
import dev.mlops.WorkFailedException;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.CommitResult;
import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.gitops.HistoryEntry;
import dev.mlops.gitops.Trailers;
import dev.mlops.registry.ModelPackageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Races on the desired-state remote, made to happen rather than hoped for: a hook between commit
 * and push holds both writers until both have committed on the same head, so exactly one push
 * is rejected as non-fast-forward and its change must be re-applied on the winner's commit.
 */
class GitRaceTest {
    @TempDir
    Path dir;
    Path seed;
    Path bare;
    ExecutorService threads = Executors.newFixedThreadPool(2);

    @BeforeEach
    void setUp() throws Exception {
        seed = GitFixtures.seed(dir);
        bare = dir.resolve("a").resolve("desired-state.git");
        try (DesiredStateStore first = GitDesiredStateStore.open(GitFixtures.options(dir.resolve("a"), seed))) {
            first.read("staging");
        }
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void twoClonesChangingDifferentEnvironmentsAtOnceBothLand() throws Exception {
        List<CommitResult> results = race(GitDesiredStateStoreTest.deploy("staging", 3),
                GitDesiredStateStoreTest.deploy("prod", 5));
        assertTrue(results.get(0).changed() && results.get(1).changed());
        assertEquals(List.of(1, 2), results.stream().map(CommitResult::attempts).sorted().toList(),
                "one push won, the other was rejected and re-applied");
        try (DesiredStateStore store = store("c")) {
            assertEquals(Optional.of(3), store.read("staging").spec().modelPackage().map(ModelPackageRef::version));
            assertEquals(Optional.of(5), store.read("prod").spec().modelPackage().map(ModelPackageRef::version));
        }
        List<RevCommit> log = GitFixtures.log(bare, "main");
        assertEquals(3, log.size());
        CommitResult loser = results.get(0).attempts() == 2 ? results.get(0) : results.get(1);
        CommitResult winner = loser == results.get(0) ? results.get(1) : results.get(0);
        assertEquals(loser.commit(), log.get(0).name());
        assertEquals(winner.commit(), log.get(0).getParent(0).name(), "the loser's commit sits on the winner's");
    }

    @Test
    void twoChangesOfTheSameEnvironmentAtOnceLandInOrderAndTheLastWins() throws Exception {
        List<CommitResult> results = race(GitDesiredStateStoreTest.deploy("staging", 3),
                GitDesiredStateStoreTest.deploy("staging", 4));
        assertTrue(results.get(0).changed() && results.get(1).changed());
        int loserVersion = results.get(0).attempts() == 2 ? 3 : 4;
        int winnerVersion = 7 - loserVersion;
        try (DesiredStateStore store = store("c")) {
            List<HistoryEntry> history = store.history("staging", 10);
            assertEquals(List.of(Optional.of(loserVersion), Optional.of(winnerVersion), Optional.empty()),
                    history.stream().map(h -> h.version().map(ModelPackageRef::version)).toList());
            assertEquals(Optional.of(loserVersion),
                    store.read("staging").spec().modelPackage().map(ModelPackageRef::version));
            assertEquals("end-to-end-ml-sm-model-package-group/" + winnerVersion,
                    history.get(0).trailers().get(Trailers.PREVIOUS_VERSION), "re-applied on the winner's state");
        }
    }

    @Test
    void twoRequestsForTheSameVersionAtOnceMakeOneCommit() throws Exception {
        List<CommitResult> results = race(GitDesiredStateStoreTest.deploy("staging", 3),
                GitDesiredStateStoreTest.deploy("staging", 3));
        CommitResult winner = results.get(0).changed() ? results.get(0) : results.get(1);
        CommitResult loser = winner == results.get(0) ? results.get(1) : results.get(0);
        assertTrue(winner.changed());
        assertFalse(loser.changed(), "after the re-read the version was already wanted");
        assertEquals(2, loser.attempts());
        assertEquals(winner.commit(), loser.commit());
        assertEquals(2, GitFixtures.log(bare, "main").size());
    }

    /**
     * A concurrent writer repacking the remote makes JGit's push fail mid-read ("Short read of
     * block"); here the remote vanishes between fetch and push, and is back before the retry.
     */
    @Test
    void aPushThatFailsInTransportIsReappliedLikeALostRace() throws Exception {
        try (GitDesiredStateStore store = storeWhoseRemoteVanishesAtTheFirstPush("d", () -> null)) {
            CommitResult result = store.change(GitDesiredStateStoreTest.deploy("staging", 6));
            assertTrue(result.changed());
            assertEquals(2, result.attempts());
            assertEquals(result.commit(), GitFixtures.log(bare, "main").get(0).name());
        }
    }

    /** The push landed, but its answer was lost in transport: the retry must find the commit it made. */
    @Test
    void aPushThatLandedButFailedInTransportReportsTheChangeItMade() throws Exception {
        Step<Void> land = () -> pushCloneHead(dir.resolve("e").resolve("gitops"));
        try (GitDesiredStateStore store = storeWhoseRemoteVanishesAtTheFirstPush("e", land)) {
            CommitResult result = store.change(GitDesiredStateStoreTest.deploy("staging", 7));
            assertTrue(result.changed(), "this writer's commit is the change");
            assertEquals(2, result.attempts());
            List<RevCommit> log = GitFixtures.log(bare, "main");
            assertEquals(result.commit(), log.get(0).name());
            assertEquals(2, log.size(), "one commit, not a second one re-applied on top");
        }
    }

    /**
     * A store (state dir {@code name}) whose remote, a link to the bare repository, points to a
     * directory that is no repository just before the first push (after {@code beforeVanishing}),
     * and back before the retry.
     */
    private GitDesiredStateStore storeWhoseRemoteVanishesAtTheFirstPush(String name, Step<Void> beforeVanishing)
            throws Exception {
        Path link = dir.resolve("remote.git");
        Path empty = Files.createDirectories(dir.resolve("not-a-repository"));
        Files.createSymbolicLink(link, bare);
        GitStoreOptions options = GitFixtures.options(dir.resolve(name), seed).withRemote(link.toString());
        GitDesiredStateStore.BeforePush vanish = (env, attempt) -> {
            if (attempt == 1) {
                unchecked(beforeVanishing);
                unchecked(() -> pointTo(link, empty));
            }
        };
        Sleeper restore = pause -> unchecked(() -> pointTo(link, bare));
        return new GitDesiredStateStore(options, vanish, restore);
    }

    /** Pushes the store's working clone's branch to the real remote, as the store's own push would have. */
    private Void pushCloneHead(Path gitops) throws Exception {
        try (var clones = Files.list(gitops)) {
            Path clone = clones.filter(Files::isDirectory).findFirst().orElseThrow();
            try (Git git = Git.open(clone.toFile())) {
                git.push().setRemote(bare.toString()).setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call();
            }
        }
        return null;
    }

    private static Path pointTo(Path link, Path target) throws Exception {
        Files.delete(link);
        return Files.createSymbolicLink(link, target);
    }

    @Test
    void aCommitPushedByHandBetweenReadAndPushIsKept() throws Exception {
        Git human = GitFixtures.humanClone(bare.toString(), dir.resolve("human"));
        List<RevCommit> external = new ArrayList<>();
        GitDesiredStateStore.BeforePush meddle = (env, attempt) -> {
            if (attempt == 1) {
                external.add(unchecked(() -> GitFixtures.pushEdit(human, "environments/prod.yaml",
                        text -> text.replace("sampling_percentage: 80", "sampling_percentage: 60"),
                        "Capture less in prod")));
            }
        };
        try (GitDesiredStateStore store = new GitDesiredStateStore(GitFixtures.options(dir.resolve("a"), seed), meddle)) {
            CommitResult result = store.change(GitDesiredStateStoreTest.deploy("prod", 2));
            assertEquals(2, result.attempts());
            DesiredState prod = store.read("prod");
            assertEquals(60, prod.spec().dataCapture().samplingPercentage(), "the hand edit survived");
            assertEquals(Optional.of(2), prod.spec().modelPackage().map(ModelPackageRef::version));
            List<RevCommit> log = GitFixtures.log(bare, "main");
            assertEquals(result.commit(), log.get(0).name());
            assertEquals(external.get(0).name(), log.get(0).getParent(0).name());
        }
        human.close();
    }

    @Test
    void givesUpWithAClearErrorWhenEveryPushLoses() throws Exception {
        Git human = GitFixtures.humanClone(bare.toString(), dir.resolve("human"));
        AtomicInteger edits = new AtomicInteger();
        GitDesiredStateStore.BeforePush alwaysFirst = (env, attempt) -> unchecked(() -> GitFixtures.pushEdit(human,
                "environments/prod.yaml", text -> text + "# edit " + edits.incrementAndGet() + "\n", "Touch prod"));
        GitStoreOptions options = GitFixtures.options(dir.resolve("a"), seed).withRetry(3, Duration.ofMillis(1));
        try (GitDesiredStateStore store = new GitDesiredStateStore(options, alwaysFirst)) {
            WorkFailedException e = assertThrows(WorkFailedException.class,
                    () -> store.change(GitDesiredStateStoreTest.deploy("staging", 2)));
            assertTrue(e.getMessage().startsWith("cannot change desired state of 'staging' at "), e.getMessage());
            assertTrue(e.getMessage().endsWith("another writer pushed first (or held the branch's lock) 3 times in a row;"
                    + " try again"), e.getMessage());
            assertEquals(Optional.empty(), store.read("staging").spec().modelPackage(), "nothing half-applied");
        }
        assertEquals(3, edits.get());
        human.close();
    }

    @Test
    void manyChangesFromTwoClonesAndTwoThreadsOnOneCloneAreAllKept() throws Exception {
        int each = 6;
        try (DesiredStateStore b = store("b"); DesiredStateStore c = store("c")) {
            ExecutorService four = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            done.add(four.submit(() -> changeRepeatedly(b, "staging", 100, each)));
            done.add(four.submit(() -> changeRepeatedly(c, "prod", 200, each)));
            done.add(four.submit(() -> changeRepeatedly(b, "prod", 300, each)));
            done.add(four.submit(() -> changeRepeatedly(c, "staging", 400, each)));
            for (Future<?> future : done) {
                future.get(5, TimeUnit.MINUTES);
            }
            four.shutdown();
            assertEquals(1 + 4 * each, GitFixtures.log(bare, "main").size(), "every change is one commit");
            assertEquals(2 * each, b.history("staging", 100).size() - 1);
            assertEquals(2 * each, c.history("prod", 100).size() - 1);
        }
    }

    /** Versions base+1, base+2, ...: each writer has its own range, so every request is a real change. */
    private static Void changeRepeatedly(DesiredStateStore store, String env, int base, int times) {
        for (int i = 1; i <= times; i++) {
            assertTrue(store.change(GitDesiredStateStoreTest.deploy(env, base + i)).changed());
        }
        return null;
    }

    /** Runs two changes from two clones; each waits after its commit until the other has committed too. */
    private List<CommitResult> race(ChangeRequest first, ChangeRequest second) throws Exception {
        CyclicBarrier bothCommitted = new CyclicBarrier(2);
        GitDesiredStateStore.BeforePush hold = (env, attempt) -> {
            if (attempt == 1) {
                unchecked(() -> bothCommitted.await(2, TimeUnit.MINUTES));
            }
        };
        try (GitDesiredStateStore b = new GitDesiredStateStore(options("b"), hold);
                GitDesiredStateStore c = new GitDesiredStateStore(options("c"), hold)) {
            Future<CommitResult> one = threads.submit(() -> b.change(first));
            Future<CommitResult> two = threads.submit(() -> c.change(second));
            return List.of(one.get(5, TimeUnit.MINUTES), two.get(5, TimeUnit.MINUTES));
        }
    }

    private GitStoreOptions options(String name) {
        return GitFixtures.options(dir.resolve(name), seed).withRemote(bare.toString());
    }

    private DesiredStateStore store(String name) {
        return GitDesiredStateStore.open(options(name));
    }

    interface Step<T> {
        T run() throws Exception;
    }

    static <T> T unchecked(Step<T> step) {
        try {
            return step.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
