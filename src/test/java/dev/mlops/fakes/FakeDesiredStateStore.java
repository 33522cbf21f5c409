package dev.mlops.fakes;

import dev.mlops.InputException;
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
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The desired-state repository as a list of commits in memory, with the Git store's contracts:
 * reads at the newest commit; a change is one commit (id, author, message, trailers, with
 * {@code Changed-By} and {@code Previous-Version} written by the store) edited with the same
 * {@link EnvironmentSpecWriter}; a change to the version already wanted is no commit
 * ({@code changed()==false}); history lists the commits that touched the file, newest first,
 * skipping those where it did not read; a file that does not read is an
 * {@link InvalidDesiredStateException} at the head commit, an unknown one an {@link UnknownEnvironmentException}.
 */
public final class FakeDesiredStateStore implements DesiredStateStore {
    private record Commit(String id, Instant time, String author, String message, Map<String, String> trailers,
                          Map<String, String> files) {
    }

    private final Clock clock;
    private final List<Commit> commits = new ArrayList<>();
    private final Faults faults = new Faults();
    private boolean closed;

    /** A repository whose first commit ("seed") holds {@code files}: environment name to file text. */
    public FakeDesiredStateStore(Clock clock, Map<String, String> files) {
        this.clock = clock;
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put(Trailers.CHANGED_BY, "mlops");
        trailers.put(Trailers.CHANGE_KIND, "seed");
        add("mlops", "Seed the desired state", trailers, new TreeMap<>(files));
    }

    /** staging and prod (promoted from staging, approver required) wanting the versions given (empty: none). */
    public static FakeDesiredStateStore stagingAndProd(Clock clock, Optional<Integer> staging, Optional<Integer> prod) {
        return new FakeDesiredStateStore(clock, Map.of(Environments.STAGING, Environments.staging(staging),
                Environments.PROD, Environments.prod(prod)));
    }

    /** The next call of any method throws {@code error} (then the store works again), like a Git remote that failed once. */
    public FakeDesiredStateStore failNext(RuntimeException error) {
        faults.failNext(error);
        return this;
    }

    /** Every call throws {@code error} until {@link #recover()}. */
    public FakeDesiredStateStore failAlways(RuntimeException error) {
        faults.failAlways(error);
        return this;
    }

    public FakeDesiredStateStore recover() {
        faults.recover();
        return this;
    }

    /** A commit a person made by hand: the file's new text, whatever it is (it may not read). */
    public String editByHand(String env, String text, String author, String message) {
        Map<String, String> files = new TreeMap<>(head().files());
        files.put(env, text);
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put(Trailers.CHANGED_BY, author);
        return add(author, message, trailers, files).id();
    }

    /** The newest commit's id. */
    public String headCommit() {
        return head().id();
    }

    /** How many commits the repository has, the seed included. */
    public int commitCount() {
        return commits.size();
    }

    /** The newest commit's entry as history shows it, whichever files it touched. */
    public HistoryEntry lastCommit() {
        return entryOf(head(), Optional.empty());
    }

    @Override
    public DesiredState read(String env) {
        check();
        Commit head = head();
        return new DesiredState(env, parse(head, env, text(head, env)), head.id());
    }

    @Override
    public List<String> environments() {
        check();
        return List.copyOf(head().files().keySet());
    }

    @Override
    public CommitResult change(ChangeRequest request) {
        check();
        Commit head = head();
        String text = text(head, request.env());
        EnvironmentSpec spec = parse(head, request.env(), text);
        if (spec.modelPackage().equals(request.newVersion())) {
            return new CommitResult(head.id(), false, 1);
        }
        Map<String, String> files = new TreeMap<>(head.files());
        files.put(request.env(), EnvironmentSpecWriter.withModelPackage(text, path(request.env()), request.newVersion()));
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put(Trailers.CHANGED_BY, request.author());
        trailers.put(Trailers.PREVIOUS_VERSION, spec.modelPackage().map(Object::toString).orElse("none"));
        trailers.putAll(request.trailers());
        String subject = request.env() + ": " + request.newVersion().map(v -> "deploy " + v).orElse("clear model package");
        String message = request.reason().isEmpty() ? subject : subject + "\n\n" + request.reason();
        return new CommitResult(add(request.author(), message, trailers, files).id(), true, 1);
    }

    @Override
    public List<HistoryEntry> history(String env, int max) {
        check();
        if (max < 1) {
            throw new InputException("cannot read the history of '" + env + "': ask for at least one entry");
        }
        text(head(), env);
        List<HistoryEntry> entries = new ArrayList<>();
        for (int i = commits.size() - 1; i >= 0 && entries.size() < max; i--) {
            Commit commit = commits.get(i);
            String now = commit.files().get(env);
            String before = i == 0 ? null : commits.get(i - 1).files().get(env);
            if (now == null || now.equals(before)) {
                continue;
            }
            try {
                entries.add(entryOf(commit, EnvironmentSpecParser.parse(now, path(env)).modelPackage()));
            } catch (SpecException e) {
                // a commit whose file did not read never was a desired state
            }
        }
        return List.copyOf(entries);
    }

    @Override
    public void close() {
        closed = true;
    }

    private Commit add(String author, String subjectAndBody, Map<String, String> trailers, Map<String, String> files) {
        StringBuilder message = new StringBuilder(subjectAndBody).append("\n\n");
        trailers.forEach((key, value) -> message.append(key).append(": ").append(value).append('\n'));
        Commit commit = new Commit("%040x".formatted(commits.size() + 1), clock.instant(), author, message.toString(),
                Collections.unmodifiableMap(new LinkedHashMap<>(trailers)), Collections.unmodifiableMap(files));
        commits.add(commit);
        return commit;
    }

    private static HistoryEntry entryOf(Commit commit, Optional<ModelPackageRef> version) {
        return new HistoryEntry(commit.id(), commit.time(), commit.author(), commit.message(), commit.trailers(), version);
    }

    private Commit head() {
        return commits.get(commits.size() - 1);
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("the desired-state store is closed");
        }
        faults.check();
    }

    private String text(Commit head, String env) {
        if (!EnvironmentSpecParser.isValidEnvironmentName(env)) {
            throw new InputException("cannot read desired state of '" + env
                    + "': an environment name has lower-case letters, digits and inner hyphens");
        }
        String text = head.files().get(env);
        if (text == null) {
            List<String> known = List.copyOf(head.files().keySet());
            throw new UnknownEnvironmentException(env, known, "cannot read desired state of '" + env + "': no "
                    + path(env) + " at commit " + head.id() + "; environments are: " + String.join(", ", known));
        }
        return text;
    }

    private static EnvironmentSpec parse(Commit head, String env, String text) {
        try {
            return EnvironmentSpecParser.parse(text, path(env));
        } catch (SpecException e) {
            throw new InvalidDesiredStateException(env, head.id(), "cannot read desired state of '" + env
                    + "' at commit " + head.id() + ": " + e.getMessage(), e);
        }
    }

    private static String path(String env) {
        return "environments/" + env + ".yaml";
    }
}
