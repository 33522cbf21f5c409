package dev.mlops.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The build fault suite: kill -9 of a child {@code mlops build} at named and seeded random points,
 * each followed by a rerun of the same build and the registry's invariants; and a YAML/CSV fuzz
 * corpus through the CLI. The CI tests run it briefly; {@code bench/fault-suite} runs it longer
 * and prints the counts. Every problem is kept with its seed so that it can be replayed.
 */
public final class FaultSuite {
    static final String DATA = "generated://ai4i?rows=2000&seed=42";
    static final List<String> PAUSE_POINTS = List.of("Register:started", "Register:finished", "Train:started");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a run of the suite found; all but tries and clear errors are expected to be 0. */
    static final class Counts {
        int tries;
        int clearErrors;
        int crashes;
        int hangs;
        int dataLost;
        final List<String> problems = new ArrayList<>();

        void add(Counts other) {
            tries += other.tries;
            clearErrors += other.clearErrors;
            crashes += other.crashes;
            hangs += other.hangs;
            dataLost += other.dataLost;
            problems.addAll(other.problems);
        }

        @Override
        public String toString() {
            return "tries=" + tries + " clear_errors=" + clearErrors + " crashes=" + crashes + " hangs=" + hangs
                    + " data_lost=" + dataLost + (problems.isEmpty() ? "" : "\n  " + String.join("\n  ", problems));
        }
    }

    /** One in-process CLI run. */
    record Run(int exitCode, String out, String err) {
        static Run of(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Run(code, out.toString(), err.toString());
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> json() {
            try {
                return JSON.readValue(out, Map.class);
            } catch (IOException e) {
                return Map.of();
            }
        }

        boolean crashed() {
            return exitCode == 70 || err.contains("\tat ") || err.contains("Exception in thread") || out.contains("\tat ");
        }
    }

    private FaultSuite() {
    }

    public static void main(String[] args) throws Exception {
        long seed = args.length > 0 ? Long.parseLong(args[0]) : 42;
        int kills = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int fuzz = args.length > 2 ? Integer.parseInt(args[2]) : 400;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path work = Files.createTempDirectory("mlops-fault-suite");
        System.out.println("fault suite: seed " + seed + ", " + kills + " build kills, " + fuzz + " fuzz inputs, "
                + rounds + " controller rounds, " + rounds * 4 + " disk-full tries, in " + work);
        Counts killed = killBuilds(work.resolve("kill"), seed, kills);
        System.out.println("kill -9 of build: " + killed);
        Counts fuzzed = fuzz(work.resolve("fuzz"), seed, fuzz);
        System.out.println("YAML/CSV fuzz:    " + fuzzed);
        Counts controller = ControllerKills.run(work.resolve("controller"), seed, rounds);
        System.out.println("kill -9 of watch-approvals, reconcile, promote, serve: " + controller);
        Counts disk = DiskFaults.run(work.resolve("disk"), seed, rounds * 4);
        System.out.println("disk full at seeded sizes: " + disk);
        Counts all = new Counts();
        all.add(killed);
        all.add(fuzzed);
        all.add(controller);
        all.add(disk);
        System.out.println("total:            tries=" + all.tries + " clear_errors=" + all.clearErrors + " crashes="
                + all.crashes + " hangs=" + all.hangs + " data_lost=" + all.dataLost);
        System.exit(all.crashes + all.hangs + all.dataLost == 0 && all.problems.isEmpty() ? 0 : 1);
    }

    /**
     * {@code tries} kills of a child build, cycling through {@link #PAUSE_POINTS} and a seeded
     * random moment; after each, the same build is run again in this process and must report the
     * one package of its commit, with every invariant of the registry kept.
     */
    static Counts killBuilds(Path state, long seed, int tries) throws Exception {
        Random random = new Random(seed);
        Counts counts = new Counts();
        Files.createDirectories(state);
        for (int i = 0; i < tries; i++) {
            String commit = String.format("%040x", Math.abs(random.nextLong()) + i);
            boolean atPoint = i % (PAUSE_POINTS.size() + 1) < PAUSE_POINTS.size();
            String point = atPoint ? PAUSE_POINTS.get(i % (PAUSE_POINTS.size() + 1)) : "";
            long delayMs = atPoint ? 0 : 300 + random.nextInt(4000);
            String context = "kill " + (i + 1) + " (seed " + seed + ", " + (atPoint ? "at " + point : "after " + delayMs + " ms")
                    + ", commit " + commit.substring(0, 8) + ")";
            counts.tries++;
            killOnce(state, commit, point, delayMs, context, counts);
        }
        return counts;
    }

    private static void killOnce(Path state, String commit, String point, long delayMs, String context, Counts counts)
            throws Exception {
        String[] args = {"--state-dir", state.toString(), "--output", "json", "build", "--data", DATA, "--commit", commit};
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (!point.isEmpty()) {
            builder.environment().put("MLOPS_FAULT_PAUSE_AT", point);
        }
        Process child = builder.start();
        CompletableFuture<String> paused = new CompletableFuture<>();
        StringBuilder stderr = new StringBuilder();
        Thread reader = new Thread(() -> readLines(child, stderr, paused));
        reader.start();
        try {
            if (!point.isEmpty()) {
                paused.get(90, TimeUnit.SECONDS);
            } else {
                child.waitFor(delayMs, TimeUnit.MILLISECONDS);
            }
        } catch (java.util.concurrent.TimeoutException e) {
            counts.hangs++;
            counts.problems.add(context + ": never reached the pause point: " + stderr);
        } finally {
            child.destroyForcibly();
            child.waitFor();
            reader.join(5_000);
        }
        Optional<String> killedExecution = executionId(stderr.toString());
        Run rerun = Run.of(args);
        if (rerun.crashed()) {
            counts.crashes++;
            counts.problems.add(context + ": the rerun crashed: " + rerun.err());
            return;
        }
        List<String> broken = new ArrayList<>();
        if (rerun.exitCode() != 0) {
            broken.add("the rerun failed (exit " + rerun.exitCode() + "): " + rerun.err());
        }
        broken.addAll(violations(state, commit, point, killedExecution, rerun));
        if (!broken.isEmpty()) {
            counts.dataLost++;
            counts.problems.add(context + ": " + String.join("; ", broken));
        }
    }

    private static void readLines(Process child, StringBuilder stderr, CompletableFuture<String> paused) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(child.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                synchronized (stderr) {
                    stderr.append(line).append('\n');
                }
                if (line.startsWith("mlops: paused at ")) {
                    paused.complete(line);
                }
            }
        } catch (IOException e) {
            // the child was killed
        }
    }

    private static Optional<String> executionId(String stderr) {
        return stderr.lines().filter(l -> l.startsWith("Execution ") && l.contains(" started"))
                .map(l -> l.split(" ")[1]).findFirst();
    }

    /** The registry's invariants after a kill and a rerun, as a list of what is broken. */
    static List<String> violations(Path state, String commit, String point, Optional<String> killed, Run rerun)
            throws SQLException {
        List<String> broken = new ArrayList<>();
        Path db = state.resolve(SqliteModelRegistry.FILE_NAME);
        RegistryChecks.broken(db).ifPresent(broken::add);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            long packages = count(s, "SELECT count(*) FROM model_package WHERE source_commit = '" + commit + "'");
            if (packages != 1) {
                broken.add(packages + " packages of commit " + commit + " (expected 1)");
            }
            long duplicates = count(s, "SELECT count(*) FROM (SELECT build_key FROM model_package WHERE build_key IS NOT NULL"
                    + " GROUP BY build_key HAVING count(*) > 1)");
            if (duplicates != 0) {
                broken.add(duplicates + " build keys with more than one package");
            }
            try (ResultSet r = s.executeQuery("SELECT id, pid FROM local_execution WHERE status = 'Executing'")) {
                while (r.next()) {
                    if (ProcessHandle.of(r.getLong(2)).map(ProcessHandle::isAlive).orElse(false)) {
                        continue;
                    }
                    broken.add("execution " + r.getString(1) + " is Executing but its process " + r.getLong(2) + " is gone");
                }
            }
            if (killed.isPresent()) {
                try (ResultSet r = s.executeQuery("SELECT status, failure_reason FROM local_execution WHERE id = '"
                        + killed.get() + "'")) {
                    String status = r.next() ? r.getString(1) : "missing";
                    String reason = status.equals("missing") ? null : r.getString(2);
                    boolean registered = count(s, "SELECT count(*) FROM model_package WHERE execution_id = '"
                            + killed.get() + "'") == 1;
                    if (registered ? !status.equals("Succeeded")
                            : !(status.equals("Failed") && reason != null && reason.startsWith(BuildLedger.DIED))
                            && !status.equals("missing")) {
                        broken.add("killed execution " + killed.get() + " is " + status + " (" + reason + "), registered "
                                + registered);
                    }
                    if (registered && !killed.get().equals(rerun.json().get("execution_id"))) {
                        broken.add("the rerun did not report the package execution " + killed.get() + " registered");
                    }
                    if (point.equals("Register:finished") && !registered) {
                        broken.add("killed after Register:finished, but execution " + killed.get() + " registered nothing");
                    }
                }
            }
        }
        return broken;
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    /**
     * {@code tries} mutated pipeline specs and data files (truncations, deep nesting, huge numbers,
     * wrong types, binary garbage, byte-order marks, very long lines) through {@code mlops build}:
     * each ends with exit 2 and one line naming the file (or, when the mutation left the input
     * valid, as a normal build), never a crash, and leaves the registry as it was on failure.
     */
    static Counts fuzz(Path work, long seed, int tries) throws Exception {
        Random random = new Random(seed);
        Counts counts = new Counts();
        Path state = work.resolve("state");
        Files.createDirectories(state);
        Run seedRun = Run.of("--state-dir", state.toString(), "--output", "json", "build", "--data",
                "generated://ai4i?rows=300&seed=42", "--commit", "feed");
        Path baseCsv;
        try (Stream<Path> files = Files.walk(state.resolve("s3"))) {
            baseCsv = files.filter(f -> f.toString().endsWith(".csv") && f.getFileName().toString().startsWith("ai4i"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no generated data: " + seedRun.err()));
        }
        byte[] csv = Files.readAllBytes(baseCsv);
        byte[] yaml = Files.readAllBytes(Path.of("pipelines", "model-build.yaml"));
        for (int i = 0; i < tries; i++) {
            boolean isYaml = i % 2 == 0;
            Mutation mutation = Mutation.values()[random.nextInt(Mutation.values().length)];
            byte[] input = mutation.apply(isYaml ? yaml : csv, random, isYaml);
            Path file = work.resolve("fuzz-" + i + (isYaml ? ".yaml" : ".csv"));
            Files.write(file, input);
            String context = "fuzz " + i + " (seed " + seed + ", " + mutation + " of the " + (isYaml ? "spec" : "data")
                    + ", " + file + ")";
            long before = packages(state);
            Run run = isYaml
                    ? Run.of("--state-dir", state.toString(), "--output", "json", "build", "--pipeline", file.toString(),
                            "--data", baseCsv.toString(), "--commit", "f" + i)
                    : Run.of("--state-dir", state.toString(), "--output", "json", "build", "--data", file.toString(),
                            "--commit", "f" + i);
            counts.tries++;
            judge(run, file, context, before, packages(state), counts);
            Files.deleteIfExists(file);
        }
        List<String> left = leftovers(state);
        if (!left.isEmpty()) {
            counts.dataLost++;
            counts.problems.add("fuzz (seed " + seed + "): half-written files left: " + left);
        }
        return counts;
    }

    private static void judge(Run run, Path file, String context, long before, long after, Counts counts) {
        if (run.crashed()) {
            counts.crashes++;
            counts.problems.add(context + ": crashed (exit " + run.exitCode() + "): " + firstLines(run.err()));
            return;
        }
        Map<String, Object> json = run.json();
        if (json.isEmpty()) {
            counts.crashes++;
            counts.problems.add(context + ": stdout is not one JSON object: " + firstLines(run.out()));
            return;
        }
        if (run.exitCode() == 2) {
            Object error = json.get("error") instanceof Map<?, ?> e ? e.get("message") : json.get("failure_reason");
            String message = String.valueOf(error);
            if (!message.contains(file.getFileName().toString()) || message.contains("\n")) {
                counts.problems.add(context + ": the message does not name the file on one line: " + message);
            } else {
                counts.clearErrors++;
            }
            if (after != before) {
                counts.dataLost++;
                counts.problems.add(context + ": failed but the registry changed from " + before + " to " + after);
            }
        } else if (run.exitCode() != 0 && run.exitCode() != 1) {
            counts.problems.add(context + ": exit " + run.exitCode() + ": " + firstLines(run.err()));
        }
    }

    private static String firstLines(String text) {
        return text.lines().limit(5).reduce((a, b) -> a + " | " + b).orElse("");
    }

    static long packages(Path state) throws SQLException {
        Path db = state.resolve(SqliteModelRegistry.FILE_NAME);
        if (!Files.exists(db)) {
            return 0;
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            return count(s, "SELECT count(*) FROM model_package");
        }
    }

    /** Temporary files an atomic write left behind. */
    static List<String> leftovers(Path state) throws IOException {
        try (Stream<Path> files = Files.walk(state)) {
            return files.map(Path::toString).filter(f -> f.endsWith(".tmp") || f.contains(".tmp-")).toList();
        }
    }
}
