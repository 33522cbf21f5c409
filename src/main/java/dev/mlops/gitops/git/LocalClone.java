package dev.mlops.gitops.git;

import dev.mlops.Failures;
import dev.mlops.WorkFailedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand.ResetType;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.AndTreeFilter;
import org.eclipse.jgit.treewalk.filter.PathFilter;
import org.eclipse.jgit.treewalk.filter.TreeFilter;

/**
 * The controller's working clone of the desired-state remote. Before every read or change it is
 * fetched and hard-reset to the remote branch, so it never diverges: local commits exist only
 * between a commit and its push. The remote is given by URL on every fetch and push instead of
 * being written into {@code .git/config}, so a password in a URL never lands on disk.
 */
final class LocalClone implements AutoCloseable {
    static {
        GitSystemConfig.install();
    }

    /** Pushed; lost a race (refused: re-apply); or uncertain (failed in transport: it may have landed). */
    enum PushOutcome { PUSHED, LOST_RACE, UNCERTAIN }

    private static final String TRACKING = "refs/remotes/origin/";

    private final Path dir;
    private final String branch;
    private final RemoteAccess remote;
    private final Git git;
    private boolean closed;

    private LocalClone(Path dir, String branch, RemoteAccess remote, Git git) {
        this.dir = dir;
        this.branch = branch;
        this.remote = remote;
        this.git = git;
    }

    /** Opens (or creates) the clone; call only while holding its {@link CloneLock}. */
    static LocalClone open(Path dir, String branch, RemoteAccess remote) {
        try {
            if (Files.isDirectory(dir.resolve(".git"))) {
                removeStaleLocks(dir.resolve(".git"));
                return new LocalClone(dir, branch, remote, Git.open(dir.toFile()));
            }
            Files.createDirectories(dir);
            Git created = Git.init().setInitialBranch(branch).setDirectory(dir.toFile()).call();
            collectGarbageInForeground(created.getRepository());
            return new LocalClone(dir, branch, remote, created);
        } catch (IOException | GitAPIException e) {
            throw new WorkFailedException("cannot open the desired-state clone " + dir + ": "
                    + remote.redact(e.getMessage()));
        }
    }

    /**
     * JGit's automatic gc after a fetch or a received push runs on a background thread by default,
     * where it would hold files of a repository the store believes it alone is using (and that it
     * may delete). In the foreground it runs under the store's lock, and only when packs pile up.
     */
    static void collectGarbageInForeground(Repository repository) throws IOException {
        StoredConfig config = repository.getConfig();
        config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
        config.save();
    }

    /**
     * Deletes Git's own {@code *.lock} files at the top of the Git directory and under {@code refs/}
     * (not among the objects). The caller holds the clone's lock, so any such file was left by a
     * process killed mid-commit, and would otherwise block every later change.
     */
    private static void removeStaleLocks(Path gitDir) throws IOException {
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> top = Files.list(gitDir)) {
            top.forEach(candidates::add);
        }
        if (Files.isDirectory(gitDir.resolve(Constants.R_REFS))) {
            try (Stream<Path> refs = Files.walk(gitDir.resolve(Constants.R_REFS))) {
                refs.forEach(candidates::add);
            }
        }
        for (Path lock : candidates) {
            if (lock.getFileName().toString().endsWith(".lock")) {
                Files.deleteIfExists(lock);
            }
        }
    }

    Path directory() {
        return dir;
    }

    /** Fetches and hard-resets to the remote branch, for a change; empty when the remote has no such branch yet. */
    Optional<ObjectId> sync() {
        Optional<ObjectId> head = fetch();
        if (head.isEmpty()) {
            return head;
        }
        try {
            git.reset().setMode(ResetType.HARD).setRef(head.get().name()).call();
            git.clean().setCleanDirectories(true).setForce(true).call();
        } catch (GitAPIException | RuntimeException e) {
            throw new WorkFailedException("cannot reset the desired-state clone " + dir + " to the remote head: "
                    + remote.redact(e.getMessage()));
        }
        return head;
    }

    /**
     * The remote branch's head, for a read: fetched only when the clone does not have it yet (the
     * remote's refs say so without a fetch), and the working tree left alone, since reads go to the
     * commit's objects and a change resets the tree first. Empty when the remote has no such branch.
     */
    Optional<ObjectId> remoteHead() {
        Optional<ObjectId> advertised = advertisedHead();
        Optional<ObjectId> fetched = trackingHead();
        if (advertised.isPresent() && advertised.equals(fetched)) {
            return advertised;
        }
        return advertised.isEmpty() ? advertised : fetch();
    }

    private Optional<ObjectId> advertisedHead() {
        try {
            Map<String, Ref> refs = remote.configure(git.lsRemote()).setRemote(remote.url()).setHeads(true).callAsMap();
            return Optional.ofNullable(refs.get(Constants.R_HEADS + branch)).map(ref -> ref.getObjectId().copy());
        } catch (GitAPIException | RuntimeException e) {
            throw remote.failure("fetch", e);
        }
    }

    private Optional<ObjectId> trackingHead() {
        try {
            return Optional.ofNullable(git.getRepository().exactRef(TRACKING + branch)).map(Ref::getObjectId);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<ObjectId> fetch() {
        FetchResult fetched;
        try {
            fetched = remote.configure(git.fetch()).setRemote(remote.url())
                    .setRefSpecs(new RefSpec("+refs/heads/*:" + TRACKING + "*")).setRemoveDeletedRefs(true).call();
        } catch (GitAPIException | RuntimeException e) {
            throw remote.failure("fetch", e);
        }
        return Optional.ofNullable(fetched.getAdvertisedRef(Constants.R_HEADS + branch)).map(ref -> ref.getObjectId().copy());
    }

    /** Whether the local branch has commits (a clone of a remote that has since lost its branch). */
    boolean hasCommits() {
        try {
            return git.getRepository().resolve(Constants.HEAD) != null;
        } catch (IOException e) {
            return true;
        }
    }

    /** The text of {@code path} at {@code commit}, if the file exists there. */
    Optional<String> read(ObjectId commit, String path) {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            RevCommit parsed = walk.parseCommit(commit);
            try (TreeWalk tree = TreeWalk.forPath(git.getRepository(), path, parsed.getTree())) {
                if (tree == null) {
                    return Optional.empty();
                }
                byte[] bytes = git.getRepository().open(tree.getObjectId(0)).getBytes();
                return Optional.of(new String(bytes, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new WorkFailedException("cannot read " + path + " at commit " + commit.name() + ": "
                    + e.getMessage());
        }
    }

    /** The names of the files directly in {@code directory} at {@code commit}. */
    List<String> list(ObjectId commit, String directory) {
        List<String> names = new ArrayList<>();
        try (RevWalk walk = new RevWalk(git.getRepository());
                TreeWalk tree = new TreeWalk(git.getRepository())) {
            tree.addTree(walk.parseCommit(commit).getTree());
            tree.setRecursive(true);
            tree.setFilter(PathFilter.create(directory));
            while (tree.next()) {
                String path = tree.getPathString();
                if (path.lastIndexOf('/') == directory.length()) {
                    names.add(path.substring(directory.length() + 1));
                }
            }
            return names;
        } catch (IOException e) {
            throw new WorkFailedException("cannot list " + directory + " at commit " + commit.name() + ": "
                    + e.getMessage());
        }
    }

    void write(String path, String content) {
        try {
            Path file = dir.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WorkFailedException("cannot write " + path + " in the desired-state clone " + dir + ": "
                    + e.getMessage());
        }
    }

    /** Commits every change in the working tree. Hooks and signing are off: this is a machine writing. */
    ObjectId commit(String message, PersonIdent author, PersonIdent committer) {
        try {
            git.add().addFilepattern(".").call();
            return git.commit().setMessage(message).setAuthor(author).setCommitter(committer)
                    .setSign(false).setNoVerify(true).call().getId().copy();
        } catch (GitAPIException | JGitInternalException e) {
            // JGit reports a failed write (a full disk) as an unchecked exception around the IOException.
            throw new WorkFailedException("cannot commit in the desired-state clone " + dir + ": "
                    + Failures.ioCause(e).orElse(e.getMessage()));
        }
    }

    /**
     * Pushes the branch. A push "succeeds" even when the remote refused the ref update, so each
     * update's status is read: a non-fast-forward or a ref locked by a concurrent writer is a lost
     * race (the caller re-applies); anything else is a failure. A transport error is uncertain: the
     * fetch just before it reached the remote, and a concurrent writer repacking it makes JGit fail
     * mid-read ("Short read of block") after the update may have landed; a refused login is a failure.
     * The caller re-fetches: a remote really gone fails there, and a landed push shows as an ancestor.
     */
    PushOutcome push() {
        Iterable<PushResult> results;
        try {
            results = remote.configure(git.push()).setRemote(remote.url())
                    .setRefSpecs(new RefSpec(Constants.R_HEADS + branch + ":" + Constants.R_HEADS + branch)).call();
        } catch (TransportException e) {
            if (RemoteAccess.refusedLogin(e)) {
                throw remote.failure("push", e);
            }
            return PushOutcome.UNCERTAIN;
        } catch (GitAPIException | RuntimeException e) {
            throw remote.failure("push", e);
        }
        List<RemoteRefUpdate> updates = new ArrayList<>();
        results.forEach(result -> updates.addAll(result.getRemoteUpdates()));
        if (updates.isEmpty()) {
            throw remote.failure("push", new IllegalStateException("the remote reported no update of " + branch));
        }
        for (RemoteRefUpdate update : updates) {
            if (lostRace(update)) {
                return PushOutcome.LOST_RACE;
            }
            RemoteRefUpdate.Status status = update.getStatus();
            if (status != RemoteRefUpdate.Status.OK && status != RemoteRefUpdate.Status.UP_TO_DATE) {
                String detail = update.getMessage() == null ? "" : " (" + update.getMessage() + ")";
                throw remote.failure("push", new IllegalStateException("the remote refused the update of "
                        + update.getRemoteName() + ": " + update.getStatus() + detail));
            }
        }
        return PushOutcome.PUSHED;
    }

    /** Whether {@code commit} is {@code head} or one of its ancestors. */
    boolean isAncestor(ObjectId commit, ObjectId head) {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            return walk.isMergedInto(walk.parseCommit(commit), walk.parseCommit(head));
        } catch (IOException e) {
            throw new WorkFailedException("cannot compare commits in the desired-state clone " + dir + ": " + e.getMessage());
        }
    }

    private static boolean lostRace(RemoteRefUpdate update) {
        return switch (update.getStatus()) {
            case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> true;
            case REJECTED_OTHER_REASON -> String.valueOf(update.getMessage()).toLowerCase().contains("lock");
            default -> false;
        };
    }

    /** Visits the commits from {@code head} that changed {@code path}, newest first, while {@code visitor} says so. */
    void commitsTouching(ObjectId head, String path, Predicate<RevCommit> visitor) {
        try (RevWalk walk = new RevWalk(git.getRepository())) {
            walk.setTreeFilter(AndTreeFilter.create(PathFilter.create(path), TreeFilter.ANY_DIFF));
            walk.markStart(walk.parseCommit(head));
            for (RevCommit commit : walk) {
                if (!visitor.test(commit)) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new WorkFailedException("cannot read the history of " + path + ": " + e.getMessage());
        }
    }

    /** Deletes the clone, for a remote that lost its branch: the next use starts from an empty one. */
    void delete() {
        close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new WorkFailedException("cannot delete the stale desired-state clone " + dir + ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        git.close();
    }
}
