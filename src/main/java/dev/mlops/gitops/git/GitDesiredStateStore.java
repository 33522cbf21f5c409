package dev.mlops.gitops.git;

import dev.mlops.InputException;
import dev.mlops.Sleeper;
import dev.mlops.WorkFailedException;
import dev.mlops.gitops.ChangeRequest;
import dev.mlops.gitops.CommitResult;
import dev.mlops.gitops.DesiredState;
import dev.mlops.gitops.DesiredStateStore;
import dev.mlops.gitops.HistoryEntry;
import dev.mlops.gitops.InvalidDesiredStateException;
import dev.mlops.gitops.Trailers;
import dev.mlops.gitops.UnknownEnvironmentException;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.spec.EnvironmentSpec;
import dev.mlops.spec.EnvironmentSpecParser;
import dev.mlops.spec.EnvironmentSpecWriter;
import dev.mlops.spec.SpecException;
import dev.mlops.spec.Suggestions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.FooterLine;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * The desired state in a Git repository, through JGit. By default the remote is a bare repository
 * under the state directory, seeded from {@code model-deploy/} on first use; any Git URL works
 * instead (a path, {@code file://}, {@code https://} with {@code MLOPS_GIT_TOKEN}, {@code ssh://} or
 * {@code git@host:path}). Work happens in a clone under {@code <stateDir>/gitops/<hash>/}: a read
 * asks the remote for the branch's head and fetches only when the clone does not have it yet; a
 * change also hard-resets the working tree to it. A change whose push loses a race is re-read and
 * re-applied on the new head, with backoff, up to {@link GitStoreOptions#maxAttempts()} times.
 */
public final class GitDesiredStateStore implements DesiredStateStore {
    /** Called between a change's commit and its push; tests use it to lose races on purpose. */
    interface BeforePush {
        void beforePush(String env, int attempt);
    }

    private static final String COMMITTER = "mlops";
    private final GitStoreOptions options;
    private final RemoteAccess remote;
    private final Path cloneDir;
    private final Path lockFile;
    private final BeforePush beforePush;
    private final Sleeper sleeper;
    private volatile boolean closed;

    GitDesiredStateStore(GitStoreOptions options, BeforePush beforePush) {
        this(options, beforePush, Sleeper.SYSTEM);
    }

    GitDesiredStateStore(GitStoreOptions options, BeforePush beforePush, Sleeper sleeper) {
        this.options = options;
        this.remote = new RemoteAccess(options);
        String key = remote.cloneKey();
        this.cloneDir = options.stateDir().resolve("gitops").resolve(key);
        this.lockFile = options.stateDir().resolve("gitops").resolve(key + ".lock");
        this.beforePush = beforePush;
        this.sleeper = sleeper;
    }

    /** A store for {@code options}; nothing is fetched or created until the first operation. */
    public static GitDesiredStateStore open(GitStoreOptions options) {
        return new GitDesiredStateStore(options, (env, attempt) -> { });
    }

    @Override
    public DesiredState read(String env) {
        return withClone(LocalClone::remoteHead, (clone, head) -> new DesiredState(env, spec(clone, head, env), head.name()));
    }

    @Override
    public List<String> environments() {
        return withClone(LocalClone::remoteHead, this::environments);
    }

    /**
     * This store seen at one commit: the first read asks the remote for the head, later reads use the
     * same commit without asking again. For a command that reads several environments at once
     * ({@code mlops status}): one consistent picture, and one round trip to the remote instead of one
     * per read. A change goes to the store, and later reads ask the remote again.
     */
    public DesiredStateStore atOneCommit() {
        return new AtOneCommit();
    }

    @Override
    public CommitResult change(ChangeRequest request) {
        if (remote.containsSecret(request.author() + request.reason() + request.trailers())) {
            throw new InputException("cannot change desired state of '" + request.env()
                    + "': the request contains the Git token, and commits carry no secrets");
        }
        String changeId = UUID.randomUUID().toString();
        Optional<ObjectId> mayHaveLanded = Optional.empty();
        for (int attempt = 1; ; attempt++) {
            Previous previous = new Previous(attempt, mayHaveLanded, changeId);
            Try tried = withClone(LocalClone::sync, (clone, head) -> attempt(clone, head, request, previous));
            if (tried.result().isPresent()) {
                return tried.result().get();
            }
            mayHaveLanded = tried.mayHaveLanded();
            if (attempt >= options.maxAttempts()) {
                throw new WorkFailedException("cannot change desired state of '" + request.env() + "' at "
                        + remote.display() + ": another writer pushed first (or held the branch's lock) "
                        + attempt + " times in a row; try again");
            }
            pause(attempt);
        }
    }

    @Override
    public List<HistoryEntry> history(String env, int max) {
        if (max < 1) {
            throw new InputException("cannot read the history of '" + env + "': ask for at least one entry");
        }
        return withClone(LocalClone::remoteHead, (clone, head) -> {
            text(clone, head, env);
            List<HistoryEntry> entries = new ArrayList<>();
            clone.commitsTouching(head, path(env), commit -> {
                entry(clone, commit, env).ifPresent(entries::add);
                return entries.size() < max;
            });
            return List.copyOf(entries);
        });
    }

    @Override
    public void close() {
        closed = true;
    }

    /** The attempt number, the commit of the previous attempt whose push failed in transport, the change's id. */
    private record Previous(int attempt, Optional<ObjectId> mayHaveLanded, String changeId) {
    }

    /** How one try ended: the result, or a lost race (with the commit when its push may have landed anyway). */
    private record Try(Optional<CommitResult> result, Optional<ObjectId> mayHaveLanded) {
        static Try done(CommitResult result) {
            return new Try(Optional.of(result), Optional.empty());
        }
    }

    /** One try: read the head, apply the version, commit, push. No result when the push lost a race. */
    private Try attempt(LocalClone clone, ObjectId head, ChangeRequest request, Previous previous) {
        int attempt = previous.attempt();
        // A push that failed in transport may have landed after all: then this writer made the change.
        Optional<ObjectId> landed = previous.mayHaveLanded().filter(commit -> clone.isAncestor(commit, head));
        if (landed.isPresent()) {
            return Try.done(new CommitResult(landed.get().name(), true, attempt));
        }
        String text = text(clone, head, request.env());
        EnvironmentSpec spec = parse(text, head, request.env());
        if (spec.modelPackage().equals(request.newVersion())) {
            return Try.done(new CommitResult(head.name(), false, attempt));
        }
        String path = path(request.env());
        clone.write(path, EnvironmentSpecWriter.withModelPackage(text, path, request.newVersion()));
        PersonIdent author = CommitMessages.person(request.author(), options.email(), options.clock().instant());
        PersonIdent committer = CommitMessages.person(COMMITTER, options.email(), options.clock().instant());
        ObjectId commit = clone.commit(CommitMessages.format(request, spec.modelPackage(), previous.changeId()), author,
                committer);
        beforePush.beforePush(request.env(), attempt);
        return switch (clone.push()) {
            case PUSHED -> Try.done(new CommitResult(commit.name(), true, attempt));
            case LOST_RACE -> new Try(Optional.empty(), Optional.empty());
            case UNCERTAIN -> new Try(Optional.empty(), Optional.of(commit));
        };
    }

    /** Seeds an empty remote from {@code model-deploy/}; returns the new head (someone else's if they were first). */
    private ObjectId seed(LocalClone clone) {
        DesiredStateSeed.copy(options.seedDir(), clone.directory());
        PersonIdent me = CommitMessages.person(COMMITTER, options.email(), options.clock().instant());
        Path from = Optional.ofNullable(options.seedDir().toAbsolutePath().normalize().getFileName())
                .orElse(options.seedDir());
        ObjectId seed = clone.commit("Seed the desired state from " + from + "/\n\n" + Trailers.CHANGED_BY + ": "
                + COMMITTER + "\n" + Trailers.CHANGE_KIND + ": seed\n", me, me);
        if (clone.push() == LocalClone.PushOutcome.PUSHED) {
            return seed;
        }
        return clone.sync().orElseThrow(() -> remote.failure("seed",
                new IllegalStateException("the branch was refused and is still missing")));
    }

    private EnvironmentSpec spec(LocalClone clone, ObjectId head, String env) {
        return parse(text(clone, head, env), head, env);
    }

    private String text(LocalClone clone, ObjectId head, String env) {
        if (!EnvironmentSpecParser.isValidEnvironmentName(env)) {
            throw new InputException("cannot read desired state of '" + env
                    + "': an environment name has lower-case letters, digits and inner hyphens");
        }
        String path = path(env);
        return clone.read(head, path).orElseThrow(() -> {
            List<String> known = environments(clone, head);
            return new UnknownEnvironmentException(env, known, "cannot read desired state of '" + env + "' at "
                    + remote.display() + ": no " + path + " at commit " + abbreviate(head) + Suggestions.hint(env, known)
                    + "; environments are: " + String.join(", ", known));
        });
    }

    private EnvironmentSpec parse(String text, ObjectId head, String env) {
        try {
            return EnvironmentSpecParser.parse(text, path(env));
        } catch (SpecException e) {
            throw new InvalidDesiredStateException(env, head.name(), "cannot read desired state of '" + env
                    + "' at commit " + abbreviate(head) + " of " + remote.display() + ": " + e.getMessage(), e);
        }
    }

    /** A history entry, or empty for a commit whose file did not read: that never was a desired state. */
    private Optional<HistoryEntry> entry(LocalClone clone, RevCommit commit, String env) {
        Optional<String> text = clone.read(commit, path(env));
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<ModelPackageRef> version;
        try {
            version = EnvironmentSpecParser.parse(text.get(), path(env)).modelPackage();
        } catch (SpecException e) {
            return Optional.empty();
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        for (FooterLine line : commit.getFooterLines()) {
            trailers.put(line.getKey(), line.getValue());
        }
        PersonIdent author = commit.getAuthorIdent();
        return Optional.of(new HistoryEntry(commit.name(), author.getWhenAsInstant(), CommitMessages.author(author),
                commit.getFullMessage(), trailers, version));
    }

    private List<String> environments(LocalClone clone, ObjectId head) {
        return clone.list(head, DesiredStateSeed.ENVIRONMENTS).stream().filter(name -> name.endsWith(".yaml"))
                .map(name -> name.substring(0, name.length() - ".yaml".length()))
                .filter(EnvironmentSpecParser::isValidEnvironmentName).sorted().toList();
    }

    /**
     * Runs {@code work} on the clone at the head {@code remoteHead} finds (a read's or a change's),
     * while holding the clone. The clone is opened per use so nothing cached goes stale; a clone of
     * a remote that has since lost its branch is deleted, so seeding starts from nothing.
     */
    private <T> T withClone(Function<LocalClone, Optional<ObjectId>> remoteHead, BiFunction<LocalClone, ObjectId, T> work) {
        if (closed) {
            throw new IllegalStateException("the desired-state store is closed");
        }
        CloneLock lock = CloneLock.acquire(lockFile);
        try {
            if (options.remote().isEmpty()) {
                DesiredStateSeed.createBareIfMissing(options.defaultRemote(), options.branch());
            }
            LocalClone clone = LocalClone.open(cloneDir, options.branch(), remote);
            try {
                Optional<ObjectId> head = remoteHead.apply(clone);
                if (head.isEmpty() && clone.hasCommits()) {
                    clone.delete();
                    clone = LocalClone.open(cloneDir, options.branch(), remote);
                }
                return work.apply(clone, head.isPresent() ? head.get() : seed(clone));
            } finally {
                clone.close();
            }
        } finally {
            lock.close();
        }
    }

    /** See {@link #atOneCommit()}. */
    private final class AtOneCommit implements DesiredStateStore {
        private Optional<ObjectId> head = Optional.empty();

        @Override
        public synchronized DesiredState read(String env) {
            return at((clone, commit) -> new DesiredState(env, spec(clone, commit, env), commit.name()));
        }

        @Override
        public synchronized List<String> environments() {
            return at(GitDesiredStateStore.this::environments);
        }

        @Override
        public synchronized CommitResult change(ChangeRequest request) {
            head = Optional.empty();
            return GitDesiredStateStore.this.change(request);
        }

        @Override
        public synchronized List<HistoryEntry> history(String env, int max) {
            return GitDesiredStateStore.this.history(env, max);
        }

        @Override
        public void close() {
            // The store this view reads belongs to whoever opened it.
        }

        private <T> T at(BiFunction<LocalClone, ObjectId, T> work) {
            return withClone(clone -> head.isPresent() ? head : clone.remoteHead(), (clone, commit) -> {
                head = Optional.of(commit);
                return work.apply(clone, commit);
            });
        }
    }

    /** Exponential backoff with jitter, so two writers that lost to each other do not collide again. */
    private void pause(int attempt) {
        long ceiling = Math.min(options.backoff().toMillis() << Math.min(attempt - 1, 5), 5_000);
        long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        try {
            sleeper.sleep(Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WorkFailedException("cannot change desired state: interrupted while waiting to retry");
        }
    }

    private static String path(String env) {
        return DesiredStateSeed.ENVIRONMENTS + "/" + env + ".yaml";
    }

    private static String abbreviate(ObjectId id) {
        return id.name().substring(0, 12);
    }
}
