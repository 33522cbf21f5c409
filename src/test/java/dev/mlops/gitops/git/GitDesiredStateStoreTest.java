package dev.mlops.gitops.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.CommitResult;
import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.gitops.HistoryEntry;
import dev.mlops.gitops.Trailers;
import dev.mlops.registry.ModelPackageRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitDesiredStateStoreTest {
    static final String GROUP = "end-to-end-ml-sm-model-package-group";

    @TempDir
    Path dir;
    Path seed;
    Path stateDir;
    Path bare;

    @BeforeEach
    void setUp() throws Exception {
        seed = GitFixtures.seed(dir);
        stateDir = dir.resolve("state");
        bare = stateDir.resolve("desired-state.git");
    }

    @Test
    void seedsTheBareRepositoryFromModelDeployOnFirstUse() throws Exception {
        assertFalse(Files.exists(bare));
        try (DesiredStateStore store = GitDesiredStateStore.open(GitFixtures.options(stateDir, seed))) {
            assertEquals(List.of("prod", "staging"), store.environments());
            DesiredState staging = store.read("staging");
            assertEquals(Optional.empty(), staging.spec().modelPackage());
            List<RevCommit> log = GitFixtures.log(bare, "main");
            assertEquals(1, log.size());
            assertEquals(log.get(0).name(), staging.commit());
            assertTrue(log.get(0).getFullMessage().startsWith("Seed the desired state from model-deploy/"));
            assertEquals(Files.readString(seed.resolve("environments/staging.yaml")),
                    GitFixtures.fileAt(bare, staging.commit(), "environments/staging.yaml"));
            assertEquals("// deploy pipeline\n", GitFixtures.fileAt(bare, staging.commit(), "Jenkinsfile"));
        }
        try (DesiredStateStore again = GitDesiredStateStore.open(GitFixtures.options(stateDir, seed))) {
            again.read("prod");
            assertEquals(1, GitFixtures.log(bare, "main").size(), "a second start does not seed again");
        }
    }

    @Test
    void aChangeIsOneCommitThatEditsOnlyTheVersionLine() throws Exception {
        try (DesiredStateStore store = GitDesiredStateStore.open(GitFixtures.options(stateDir, seed))) {
            String before = store.read("staging").commit();
            CommitResult result = store.change(deploy("staging", 3));
            assertTrue(result.changed());
            assertEquals(1, result.attempts());
            DesiredState after = store.read("staging");
            assertEquals(result.commit(), after.commit());
            assertEquals(Optional.of(new ModelPackageRef(GROUP, 3)), after.spec().modelPackage());
            String text = GitFixtures.fileAt(bare, result.commit(), "environments/staging.yaml");
            assertEquals(GitFixtures.fileAt(bare, before, "environments/staging.yaml")
                    .replace("  version: null\n", "  version: 3\n"), text);
            RevCommit commit = GitFixtures.log(bare, "main").get(0);
            assertEquals("staging: deploy " + GROUP + "/3", commit.getShortMessage());
            assertEquals(before, commit.getParent(0).name());
            assertEquals(Optional.empty(), store.read("prod").spec().modelPackage());
            assertEquals(GitStoreOptions.DEFAULT_EMAIL, commit.getCommitterIdent().getEmailAddress());
            assertEquals("mlops", commit.getCommitterIdent().getName());
        }
    }

    @Test
    void commitsCarryTheConfiguredEmailAndABadOneIsRefused() throws Exception {
        GitStoreOptions options = GitFixtures.options(stateDir, seed).withEnvironment(Map.of(GitStoreOptions.EMAIL_VARIABLE,
                "deploy-bot@example.com"));
        try (DesiredStateStore store = GitDesiredStateStore.open(options)) {
            store.change(new ChangeRequest("staging", Optional.of(new ModelPackageRef(GROUP, 4)), "alice", "why",
                    Map.of()));
            RevCommit commit = GitFixtures.log(bare, "main").get(0);
            assertEquals("deploy-bot@example.com", commit.getCommitterIdent().getEmailAddress());
            assertEquals("alice", commit.getAuthorIdent().getName());
            assertEquals("deploy-bot@example.com", commit.getAuthorIdent().getEmailAddress());
            RevCommit seedCommit = GitFixtures.log(bare, "main").get(1);
            assertEquals("deploy-bot@example.com", seedCommit.getAuthorIdent().getEmailAddress());
        }
        InputException bad = assertThrows(InputException.class, () -> GitFixtures.options(stateDir, seed)
                .withEnvironment(Map.of(GitStoreOptions.EMAIL_VARIABLE, "not an address")));
        assertTrue(bad.getMessage().contains("MLOPS_GIT_EMAIL"), bad.getMessage());
    }

    @Test
    void aChangeToTheVersionAlreadyWantedMakesNoCommit() throws Exception {
        try (DesiredStateStore store = GitDesiredStateStore.open(GitFixtures.options(stateDir, seed))) {
            CommitResult first = store.change(deploy("staging", 3));
            CommitResult second = store.change(deploy("staging", 3));
            assertFalse(second.changed());
            assertEquals(first.commit(), second.commit());
            assertEquals(2, GitFixtures.log(bare, "main").size());
            CommitResult clearNothing = store.change(new ChangeRequest("prod", Optional.empty(), "alice", "", Map.of()));
            assertFalse(clearNothing.changed());
            assertEquals(2, GitFixtures.log(bare, "main").size());
        }
    }

    @Test
    void trailersAndAuthorReadBackThroughHistory() throws Exception {
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put(Trailers.CHANGE_KIND, "approve");
        trailers.put(Trailers.MODEL_PACKAGE, "arn:aws:sagemaker:eu-west-1:123456789012:model-package/" + GROUP + "/3");
        trailers.put(Trailers.SOURCE_EXECUTION, "exec-42");
        trailers.put(Trailers.SMOKE_RESULT, "passed 12/12");
        try (DesiredStateStore store = GitDesiredStateStore.open(GitFixtures.options(stateDir, seed))) {
            store.change(new ChangeRequest("staging", Optional.of(new ModelPackageRef(GROUP, 3)),
                    "Alice <alice@example.com>", "Approved in the model registry.\nAUC 0.93 on the test split.",
                    trailers));
            List<HistoryEntry> history = store.history("staging", 10);
            assertEquals(2, history.size());
            HistoryEntry entry = history.get(0);
            assertEquals("Alice <alice@example.com>", entry.author());
            assertEquals(Optional.of(new ModelPackageRef(GROUP, 3)), entry.version());
            Map<String, String> expected = new LinkedHashMap<>();
            expected.put(Trailers.CHANGED_BY, "Alice <alice@example.com>");
            expected.put(Trailers.PREVIOUS_VERSION, "none");
            String changeId = entry.trailers().get(Trailers.CHANGE_ID);
            assertTrue(changeId != null && changeId.matches("[0-9a-f-]{36}"), "one id per change: " + entry.trailers());
            expected.put(Trailers.CHANGE_ID, changeId);
            expected.putAll(trailers);
            assertEquals(List.copyOf(expected.entrySet()), List.copyOf(entry.trailers().entrySet()));
            assertTrue(entry.message().startsWith("staging: deploy " + GROUP + "/3\n\nApproved in the model registry.\n"
                    + "AUC 0.93 on the test split.\n\nChanged-By: "), entry.message());
            assertTrue(entry.time().isAfter(GitFixtures.START));
            assertEquals(Optional.empty(), history.get(1).version());
            assertEquals("seed", history.get(1).trailers().get(Trailers.CHANGE_KIND));
        }
    }

    @Test
    void historyListsEveryVersionNewestFirstSoRollbackCanFindThePreviousOne() throws Exception {
        try (DesiredStateStore store = GitDesiredStateStore.open(GitFixtures.options(stateDir, seed))) {
            store.change(deploy("staging", 1));
            store.change(deploy("prod", 1));
            store.change(deploy("staging", 2));
            store.change(new ChangeRequest("staging", Optional.empty(), "alice", "withdrawn",
                    Map.of(Trailers.CHANGE_KIND, "reject-rollback")));
            store.change(deploy("staging", 3));
            List<Optional<Integer>> versions = store.history("staging", 10).stream()
                    .map(h -> h.version().map(ModelPackageRef::version)).toList();
            assertEquals(List.of(Optional.of(3), Optional.empty(), Optional.of(2), Optional.of(1), Optional.empty()),
                    versions);
            assertEquals(2, store.history("staging", 2).size());
            assertEquals("staging: clear model package", store.history("staging", 10).get(1).message().lines().findFirst()
                    .orElseThrow());
            assertEquals(Trailers.PREVIOUS_VERSION + ": " + GROUP + "/2", store.history("staging", 10).get(1).message()
                    .lines().filter(l -> l.startsWith(Trailers.PREVIOUS_VERSION)).findFirst().orElseThrow());
        }
    }

    @Test
    void anUnknownEnvironmentIsNamedWithTheKnownOnes() {
        try (DesiredStateStore store = GitDesiredStateStore.open(GitFixtures.options(stateDir, seed))) {
            InputException e = assertThrows(InputException.class, () -> store.read("stagin"));
            assertTrue(e.getMessage().contains("no environments/stagin.yaml at commit "), e.getMessage());
            assertTrue(e.getMessage().contains("(did you mean 'staging'?); environments are: prod, staging"),
                    e.getMessage());
            assertThrows(InputException.class, () -> store.change(deploy("qa", 1)));
            assertThrows(InputException.class, () -> store.read("../prod"));
        }
    }

    @Test
    void malformedYamlCommittedBySomeoneElseNamesTheFileAndTheCommit() throws Exception {
        try (DesiredStateStore store = GitDesiredStateStore.open(GitFixtures.options(stateDir, seed))) {
            store.change(deploy("staging", 1));
            Git human = GitFixtures.humanClone(bare.toString(), dir.resolve("human"));
            RevCommit broken = GitFixtures.pushEdit(human, "environments/staging.yaml",
                    text -> text.replace("  instance_count: 1 ", "  instance_count: [1 "), "Scale staging");
            String abbreviated = broken.name().substring(0, 12);
            List<Runnable> uses = List.of(() -> store.read("staging"), () -> store.change(deploy("staging", 2)));
            for (Runnable use : uses) {
                InputException e = assertThrows(InputException.class, use::run);
                assertTrue(e.getMessage().startsWith("cannot read desired state of 'staging' at commit " + abbreviated),
                        e.getMessage());
                assertTrue(e.getMessage().matches(".*environments/staging\\.yaml:\\d+:\\d+: malformed YAML.*"),
                        e.getMessage());
            }
            List<HistoryEntry> history = store.history("staging", 10);
            assertEquals(Optional.of(1), history.get(0).version().map(ModelPackageRef::version),
                    "history leaves out the commit that never was a desired state");
            assertEquals(Optional.empty(), store.read("prod").spec().modelPackage(), "other environments still read");
            human.close();
        }
    }

    @Test
    void anEmptyRemoteGivenByUrlIsSeededAndABranchCanBeChosen() throws Exception {
        Path remote = dir.resolve("remote.git");
        Git.init().setBare(true).setDirectory(remote.toFile()).call().close();
        GitStoreOptions options = GitFixtures.options(stateDir, seed).withRemote(remote.toUri().toString())
                .withBranch("desired");
        try (DesiredStateStore store = GitDesiredStateStore.open(options)) {
            CommitResult result = store.change(deploy("prod", 7));
            assertEquals(result.commit(), GitFixtures.log(remote, "desired").get(0).name());
            assertEquals(2, GitFixtures.log(remote, "desired").size());
        }
        assertFalse(Files.exists(bare), "no embedded repository when a remote is given");
    }

    @Test
    void aCloneLeftLockedByAKilledProcessWorksAgain() throws Exception {
        try (DesiredStateStore store = GitDesiredStateStore.open(GitFixtures.options(stateDir, seed))) {
            store.change(deploy("staging", 1));
            Path gitDir;
            try (java.util.stream.Stream<Path> clones = Files.list(stateDir.resolve("gitops"))) {
                gitDir = clones.filter(Files::isDirectory).findFirst().orElseThrow().resolve(".git");
            }
            Files.writeString(gitDir.resolve("index.lock"), "");
            Files.writeString(gitDir.resolve("refs/heads/main.lock"), "");
            Files.writeString(gitDir.resolve("environments-staging.yaml"), "not a lock: kept");
            assertTrue(store.change(deploy("staging", 2)).changed());
            assertEquals(Optional.of(2), store.read("staging").spec().modelPackage().map(ModelPackageRef::version));
            assertTrue(Files.exists(gitDir.resolve("environments-staging.yaml")));
        }
    }

    @Test
    void aRemoteThatLostItsBranchIsSeededAgainFromNothing() throws Exception {
        try (DesiredStateStore store = GitDesiredStateStore.open(GitFixtures.options(stateDir, seed))) {
            store.change(deploy("staging", 4));
            try (Git remote = Git.open(bare.toFile())) {
                RefUpdate delete = remote.getRepository().updateRef("refs/heads/main");
                delete.setForceUpdate(true);
                assertEquals(RefUpdate.Result.FORCED, delete.delete());
            }
            assertEquals(Optional.empty(), store.read("staging").spec().modelPackage());
            List<RevCommit> log = GitFixtures.log(bare, "main");
            assertEquals(1, log.size(), "a fresh seed, not the old history");
            assertEquals(0, log.get(0).getParentCount());
        }
    }

    static ChangeRequest deploy(String env, int version) {
        return new ChangeRequest(env, Optional.of(new ModelPackageRef(GROUP, version)), "alice", "test",
                Map.of(Trailers.CHANGE_KIND, "approve"));
    }
}
