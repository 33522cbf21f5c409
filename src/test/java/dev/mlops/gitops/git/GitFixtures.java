package dev.mlops.gitops.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;

/** Real repositories for the store's tests: a seed directory, options, and a second "human" clone. */
final class GitFixtures {
    static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private GitFixtures() {
    }

    /** A copy of the shipped {@code model-deploy/} plus a file that is not an environment. */
    static Path seed(Path dir) throws IOException {
        Path seed = dir.resolve("model-deploy");
        Files.createDirectories(seed.resolve("environments"));
        for (String env : List.of("staging", "prod")) {
            String file = "environments/" + env + ".yaml";
            Files.copy(Path.of("model-deploy").resolve(file), seed.resolve(file));
        }
        Files.writeString(seed.resolve("Jenkinsfile"), "// deploy pipeline\n");
        return seed;
    }

    /** The embedded default with a ticking clock, no token and short pauses between attempts. */
    static GitStoreOptions options(Path stateDir, Path seed) {
        return GitStoreOptions.of(stateDir, seed).withEnvironment(Map.of()).withClock(new TickingClock())
                .withRetry(10, Duration.ofMillis(5));
    }

    /** A person's clone of the remote, on {@code main}. */
    static Git humanClone(String remote, Path dir) throws Exception {
        return Git.cloneRepository().setURI(remote).setDirectory(dir.toFile()).setBranch("main").call();
    }

    /** A commit made in {@code human}'s clone, straight to the remote, as someone editing by hand would. */
    static RevCommit pushEdit(Git human, String path, UnaryOperator<String> edit, String message) throws Exception {
        human.fetch().setRefSpecs(new RefSpec("+refs/heads/main:refs/remotes/origin/main")).call();
        human.reset().setMode(ResetType.HARD).setRef("refs/remotes/origin/main").call();
        Path file = human.getRepository().getWorkTree().toPath().resolve(path);
        Files.writeString(file, edit.apply(Files.readString(file, StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
        human.add().addFilepattern(path).call();
        PersonIdent bob = new PersonIdent("Bob", "bob@example.com");
        RevCommit commit = human.commit().setMessage(message).setAuthor(bob).setCommitter(bob).setSign(false)
                .setNoVerify(true).call();
        for (PushResult result : human.push().setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).call()) {
            for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                assertEquals(RemoteRefUpdate.Status.OK, update.getStatus(), "the human's push");
            }
        }
        return commit;
    }

    /** The commits of {@code branch} in a bare repository, newest first. */
    static List<RevCommit> log(Path bare, String branch) throws IOException {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
                RevWalk walk = new RevWalk(repo)) {
            walk.markStart(walk.parseCommit(repo.resolve("refs/heads/" + branch)));
            List<RevCommit> commits = new ArrayList<>();
            walk.forEach(commits::add);
            return commits;
        }
    }

    /** A file's text at a commit of a bare repository. */
    static String fileAt(Path bare, String commit, String path) throws IOException {
        try (Repository repo = new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
                RevWalk walk = new RevWalk(repo);
                TreeWalk tree = TreeWalk.forPath(repo, path, walk.parseCommit(ObjectId.fromString(commit)).getTree())) {
            return new String(repo.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A clock one second further on at every reading, so commit times are distinct and ordered. */
    static final class TickingClock extends Clock {
        private Instant now = START;

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
