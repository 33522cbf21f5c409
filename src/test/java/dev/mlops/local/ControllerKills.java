package dev.mlops.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.cli.Main;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.server.TestModels;
import dev.mlops.spec.EnvironmentSpecParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * kill -9 of the controller's commands as real CLI child processes at seeded random moments:
 * {@code mlops watch-approvals}, {@code reconcile}, {@code promote}, and the serving process
 * {@code mlops serve} in the middle of a prod update. Each round carries a new version from approval
 * to prod on one state dir. After each kill: the registry is intact with its approvals unchanged,
 * both Git repositories (the desired-state remote and the controller's clone) pass {@code git fsck},
 * the desired state parses and wants the old or the new version, and the endpoint answers with the
 * old or the new version. After each rerun: exactly one commit per change, and the environment
 * converges Synced/Healthy on the new version. A kill lands at a seeded fraction (0.3 to 1.3) of the
 * time an uninterrupted run of the same command took here, so the seed picks the moments; past 1 the
 * kill comes after the command finished, and its rerun must then change nothing.
 */
final class ControllerKills {
    static final String GROUP = "end-to-end-ml-sm-model-package-group";
    static final String DATA = "generated://ai4i?rows=1000&seed=7";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    private final Path state;
    private final long seed;
    private final Random random;
    private final FaultSuite.Counts counts = new FaultSuite.Counts();
    private final Map<String, Long> runMillis = new TreeMap<>();
    private Serve serve;
    private int attempts;

    private ControllerKills(Path state, long seed) {
        this.state = state;
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** {@code rounds} rounds of four kills (watch-approvals, reconcile, promote, serve). */
    static FaultSuite.Counts run(Path state, long seed, int rounds) throws Exception {
        Files.createDirectories(state);
        ControllerKills kills = new ControllerKills(state, seed);
        try {
            kills.setUp();
            for (int round = 1; round <= rounds; round++) {
                if (!kills.round(round)) {
                    break;
                }
            }
        } finally {
            if (kills.serve != null) {
                kills.serve.kill();
            }
        }
        return kills.counts;
    }

    /** Version 1 approved, in staging and prod, each controller command once as a child (timed for the kills). */
    private void setUp() throws Exception {
        serve = Serve.start(state);
        int v1 = build();
        expect(0, "models", "approve", GROUP + "/" + v1, "--by", "alice");
        timedChild("watch-approvals", "watch-approvals", "--group", GROUP, "--once");
        timedChild("reconcile", reconcile("staging"));
        expect(0, "smoke", "--env", "staging", "--report-dir", state.resolve("reports").toString());
        timedChild("promote", "promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        long start = System.nanoTime();
        expect(0, reconcile("prod"));
        runMillis.put("serve-update", (System.nanoTime() - start) / 1_000_000);
        System.out.println("controller kills: seed " + seed + ", uninterrupted runs here (ms) " + runMillis);
    }

    /** One version from approval to prod, with a kill at each step; false when a hang leaves nothing to go on with. */
    private boolean round(int round) throws Exception {
        int previous = versions();
        int next = build();
        expect(0, "models", "approve", GROUP + "/" + next, "--by", "alice");
        Set<Integer> either = Set.of(previous, next);
        String where = "round " + round + " (seed " + seed + ", v" + previous + " -> v" + next + ")";

        Map<String, String> approvals = approvals();
        long staging = commits();
        String context = kill(where + ": watch-approvals", "watch-approvals", "watch-approvals", "--group", GROUP, "--once");
        afterKill(context, approvals, "staging", either);
        FaultSuite.Run rerun = rerun(context, "watch-approvals", "--group", GROUP, "--once");
        check(context, rerun.exitCode() == 0, "the rerun failed: " + rerun.err());
        check(context, desired("staging").equals(Optional.of(next)), "staging wants " + desired("staging") + ", not v" + next);
        oneCommit(context, "staging", next, staging);

        context = kill(where + ": reconcile staging", "reconcile", reconcile("staging"));
        afterKill(context, approvals, "staging", either);
        answers(context, "staging", either);
        if (!converges(context, "staging", next)) {
            return false;
        }

        expect(0, "smoke", "--env", "staging", "--report-dir", state.resolve("reports").toString());
        long prod = commits();
        context = kill(where + ": promote", "promote", "promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        afterKill(context, approvals, "prod", either);
        rerun = rerun(context, "promote", "--from", "staging", "--to", "prod", "--approved-by", "bob");
        check(context, rerun.exitCode() == 0, "the rerun failed: " + rerun.err());
        oneCommit(context, "prod", next, prod);

        // The serving process dies while it updates prod: reconcile asks for the update and leaves it going on.
        FaultSuite.Run asked = FaultSuite.Run.of(args("reconcile", "--env", "prod", "--once", "--timeout", "1ms"));
        check(where, asked.exitCode() == 0 || asked.exitCode() == 3, "reconcile prod: " + asked.err());
        double fraction = random.nextDouble();
        context = where + ": serve killed " + String.format("%.2f", fraction) + " into a prod update";
        System.out.println("  " + context);
        counts.tries++;
        Thread.sleep((long) (fraction * runMillis.get("serve-update")));
        serve.kill();
        serve = Serve.start(state);
        afterKill(context, approvals, "prod", either);
        answers(context, "prod", either);
        return converges(context, "prod", next);
    }

    private int build() {
        FaultSuite.Run build = FaultSuite.Run.of(args("build", "--data", DATA, "--attempt", String.valueOf(++attempts)));
        if (build.exitCode() != 0) {
            throw new IllegalStateException("build " + attempts + " failed: " + build.err());
        }
        return (Integer) ((Map<?, ?>) build.json().get("model_package")).get("version");
    }

    private static String[] reconcile(String env) {
        return new String[] {"reconcile", "--env", env, "--once", "--timeout", "2m", "--poll", "100ms"};
    }

    private String[] args(String... command) {
        List<String> all = new ArrayList<>(List.of("--state-dir", state.toString(), "--output", "json"));
        all.addAll(List.of(command));
        return all.toArray(String[]::new);
    }

    private void expect(int exit, String... command) {
        FaultSuite.Run run = FaultSuite.Run.of(args(command));
        if (run.exitCode() != exit) {
            throw new IllegalStateException("mlops " + String.join(" ", command) + " exited " + run.exitCode()
                    + " (seed " + seed + "): " + run.out() + run.err());
        }
    }

    private Process child(String... command) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> line = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        line.addAll(List.of(args(command)));
        return new ProcessBuilder(line).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private void timedChild(String name, String... command) throws Exception {
        long start = System.nanoTime();
        Process process = child(command);
        if (!process.waitFor(3, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("mlops " + String.join(" ", command) + " did not succeed as a child");
        }
        runMillis.put(name, (System.nanoTime() - start) / 1_000_000);
    }

    /** Starts the command as a child and kills it -9 at a seeded fraction of its uninterrupted run time. */
    private String kill(String where, String name, String... command) throws Exception {
        // From 0.3 (the JVM is still starting) to 1.3 (it may have finished: the rerun must then change nothing).
        double fraction = 0.3 + random.nextDouble();
        long delay = (long) (fraction * runMillis.get(name));
        counts.tries++;
        Process process = child(command);
        // Past 1 the kill comes after the command's last write, as if at its very end: it waits for the end, so that
        // the rerun-changes-nothing case is certain to be tried however slow the machine is today.
        boolean ended = process.waitFor(fraction < 1 ? delay : TimeUnit.MINUTES.toMillis(3), TimeUnit.MILLISECONDS);
        process.destroyForcibly();
        process.waitFor();
        String context = where + (fraction < 1 ? " killed " + String.format("%.2f", fraction) + " into its run (" + delay
                + " ms" + (ended ? ", it had already ended" : "") + ")" : " killed after its last write");
        System.out.println("  " + context);
        return context;
    }

    private FaultSuite.Run rerun(String context, String... command) {
        FaultSuite.Run run = FaultSuite.Run.of(args(command));
        if (run.crashed()) {
            counts.crashes++;
            counts.problems.add(context + ": the rerun crashed: " + run.err());
        }
        return run;
    }

    /** The invariants right after a kill. */
    private void afterKill(String context, Map<String, String> approvals, String env, Set<Integer> either) throws Exception {
        RegistryChecks.broken(state.resolve(SqliteModelRegistry.FILE_NAME)).ifPresent(broken -> check(context, false, broken));
        check(context, approvals.equals(approvals()), "approvals changed from " + approvals + " to " + approvals());
        fsck(state).forEach(broken -> check(context, false, broken));
        Optional<Integer> wanted = desired(env);
        check(context, wanted.isPresent() && either.contains(wanted.get()), env + " wants " + wanted + ", not one of " + either);
    }

    /** Ref to approval status and number of decisions, for every package. */
    private Map<String, String> approvals() throws Exception {
        try (SqliteModelRegistry registry = new SqliteModelRegistry(state.resolve(SqliteModelRegistry.FILE_NAME),
                Clock.systemUTC())) {
            Map<String, String> all = new TreeMap<>();
            for (ModelPackage p : registry.list(GROUP)) {
                all.put(p.ref().toString(), p.approvalStatus() + "/" + p.history().size());
            }
            return all;
        }
    }

    private int versions() throws Exception {
        return approvals().size();
    }

    /** What git fsck finds wrong in the desired-state remote and the controller's clones of it. */
    static List<String> fsck(Path state) throws IOException {
        List<Path> all = new ArrayList<>(List.of(state.resolve("desired-state.git")));
        Path clones = state.resolve("gitops");
        if (Files.isDirectory(clones)) {
            try (Stream<Path> dirs = Files.list(clones)) {
                dirs.filter(d -> Files.isDirectory(d.resolve(".git"))).forEach(all::add);
            }
        }
        List<String> broken = new ArrayList<>();
        for (Path repository : all) {
            GitRun fsck = GitRun.of(repository, "fsck", "--full", "--no-progress", "--no-dangling");
            if (fsck.exit() != 0 || !fsck.out().isBlank()) {
                broken.add("git fsck of " + repository + ": " + fsck);
            }
        }
        return broken;
    }

    /** The version the environment's file at the remote's head wants; parsing it is part of the check. */
    private Optional<Integer> desired(String env) {
        GitRun show = GitRun.of(state.resolve("desired-state.git"), "show", "HEAD:environments/" + env + ".yaml");
        if (show.exit() != 0) {
            return Optional.empty();
        }
        return EnvironmentSpecParser.parse(show.out(), env + ".yaml").modelPackage().map(ModelPackageRef::version);
    }

    /** The remote gained exactly one commit since {@code before}, the one that makes the environment want {@code version}. */
    private void oneCommit(String context, String env, int version, long before) {
        long commits = commits() - before;
        long wanting = ((List<?>) FaultSuite.Run.of(args("history", "--env", env)).json().getOrDefault("entries", List.of()))
                .stream().filter(e -> (GROUP + "/" + version).equals(((Map<?, ?>) e).get("version"))).count();
        check(context, commits == 1 && wanting == 1, commits + " new commits, " + wanting + " making " + env + " want v"
                + version + " (expected 1 and 1)");
    }

    /** Commits on the remote's branch, empty ones included. */
    private long commits() {
        GitRun count = GitRun.of(state.resolve("desired-state.git"), "rev-list", "--count", "HEAD");
        return count.exit() == 0 ? Long.parseLong(count.out().strip()) : -1;
    }

    /** Every answer of the endpoint comes from one of {@code either}; at least one comes within the limit. */
    private void answers(String context, String env, Set<Integer> either) throws Exception {
        URI uri = serve.base.resolve("/endpoints/predictive-maintenance-" + env + "/invocations");
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(TestModels.WORKSHOP_RECORD))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                Optional<Integer> version = response.headers().firstValue("X-Amzn-Invoked-Production-Variant")
                        .flatMap(EndpointConfig::versionOfVariant);
                check(context, version.isPresent() && either.contains(version.get()),
                        env + " answered from " + version + ", not one of " + either + ": " + response.body());
                check(context, JSON.readTree(response.body()).at("/predictions/0/score").isNumber(),
                        env + " answered without a score: " + response.body());
                return;
            }
            Thread.sleep(100);
        }
        counts.hangs++;
        counts.problems.add(context + ": " + env + " did not answer within " + CONVERGE.toSeconds() + " s");
    }

    /** A rerun of reconcile ends Synced/Healthy on the new version, which then answers. */
    private boolean converges(String context, String env, int next) throws Exception {
        FaultSuite.Run rerun = rerun(context, reconcile(env));
        Map<String, Object> status = rerun.json();
        if (rerun.exitCode() != 0 || !"Synced".equals(status.get("sync")) || !"Healthy".equals(status.get("health"))) {
            counts.hangs++;
            counts.problems.add(context + ": reconcile " + env + " did not converge (exit " + rerun.exitCode() + "): "
                    + rerun.out() + rerun.err());
            return false;
        }
        check(context, (GROUP + "/" + next).equals(status.get("desired_version")), "converged on " + status);
        answers(context, env, Set.of(next));
        return true;
    }

    private void check(String context, boolean holds, String broken) {
        if (!holds) {
            counts.dataLost++;
            counts.problems.add(context + ": " + broken);
        }
    }

    /** A git command's exit code and output (both streams). */
    record GitRun(int exit, String out) {
        static GitRun of(Path repository, String... command) {
            List<String> line = new ArrayList<>(List.of("git", "-C", repository.toString()));
            line.addAll(List.of(command));
            try {
                Process git = new ProcessBuilder(line).redirectErrorStream(true).start();
                String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return new GitRun(git.waitFor(), out);
            } catch (IOException e) {
                throw new IllegalStateException("git cannot be run here, and the Git invariants need it: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code mlops serve --port 0} as a child process, with the address it printed. */
    private record Serve(Process process, URI base) {
        static Serve start(Path state) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "--state-dir", state.toString(), "--output", "json", "serve", "--port", "0")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.contains("\"url\"")) {
                    return new Serve(process, URI.create(line.replaceAll(".*\"url\" *: *\"([^\"]+)\".*", "$1")));
                }
            }
            throw new IllegalStateException("mlops serve ended before it listened (exit " + process.exitValue() + ")");
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }
    }
}
