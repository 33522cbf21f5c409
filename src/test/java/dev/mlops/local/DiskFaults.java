package dev.mlops.local;

import dev.mlops.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A full disk at seeded moments: each try runs build, approve, watch-approvals and a second build on
 * a state dir that is a tmpfs of a seeded size (32 KiB to 1.6 MiB), so the disk fills
 * up somewhere different each time, in the data, the model, the registry or a Git commit. Every
 * command either succeeds or fails with exit 1 and a one-line "disk is full" message; then the
 * tmpfs grows and the same commands rerun: they must all succeed with the registry intact (two
 * versions, the approval kept), one commit making staging want v1, and both Git repositories
 * passing git fsck. Needs root with CAP_SYS_ADMIN for the mounts.
 */
final class DiskFaults {
    static final String GROUP = ControllerKills.GROUP;

    private DiskFaults() {
    }

    static FaultSuite.Counts run(Path work, long seed, int tries) throws Exception {
        Random random = new Random(seed);
        FaultSuite.Counts counts = new FaultSuite.Counts();
        for (int i = 0; i < tries; i++) {
            int kib = 32 + random.nextInt(1600);
            Path state = work.resolve("disk-" + i);
            String context = "disk-full " + (i + 1) + " (seed " + seed + ", " + kib + " KiB)";
            SmallDisk disk;
            try {
                disk = SmallDisk.tmpfs(state, kib + "k");
            } catch (org.opentest4j.TestAbortedException skipped) {
                System.out.println("disk-full tries skipped: " + skipped.getMessage());
                return counts;
            }
            try (disk) {
                String stopped = steps(state, context, counts, true);
                System.out.println("  " + context + ": " + stopped);
                disk.resize("64m");
                steps(state, context + " rerun with room", counts, false);
                List<String> broken = invariants(state);
                if (!broken.isEmpty()) {
                    counts.dataLost++;
                    counts.problems.add(context + ": " + String.join("; ", broken));
                }
            }
        }
        return counts;
    }

    private static List<String[]> commands() {
        return List.of(new String[] {"build", "--data", ControllerKills.DATA, "--attempt", "1"},
                new String[] {"models", "approve", GROUP + "/1", "--by", "alice"},
                new String[] {"watch-approvals", "--group", GROUP, "--once"},
                new String[] {"build", "--data", ControllerKills.DATA, "--attempt", "2"});
    }

    /** Runs the commands until one fails; says where it stopped. On a disk with room every one must succeed. */
    private static String steps(Path state, String context, FaultSuite.Counts counts, boolean full) {
        for (String[] command : commands()) {
            List<String> args = new ArrayList<>(List.of("--state-dir", state.toString(), "--output", "json"));
            args.addAll(List.of(command));
            FaultSuite.Run run = FaultSuite.Run.of(args.toArray(String[]::new));
            counts.tries++;
            String what = String.join(" ", command);
            if (run.exitCode() == 0) {
                continue;
            }
            Map<String, Object> json = run.json();
            Object error = json.get("error") instanceof Map<?, ?> e ? e.get("message") : json.get("failure_reason");
            String message = String.valueOf(error);
            if (run.crashed()) {
                counts.crashes++;
                counts.problems.add(context + ": " + what + " crashed: " + run.err());
            } else if (full && run.exitCode() == 1 && message.contains("disk is full") && message.contains(state.toString())
                    && !message.contains("\n")) {
                counts.clearErrors++;
            } else {
                counts.problems.add(context + ": " + what + " exited " + run.exitCode() + ": " + message + " " + run.err());
            }
            return "stopped at " + what + ": " + message;
        }
        return "everything fitted";
    }

    private static List<String> invariants(Path state) throws Exception {
        List<String> broken = new ArrayList<>();
        Path db = state.resolve(SqliteModelRegistry.FILE_NAME);
        RegistryChecks.broken(db).ifPresent(broken::add);
        try (SqliteModelRegistry registry = new SqliteModelRegistry(db, Clock.systemUTC())) {
            List<String> packages = registry.list(GROUP).stream().map(p -> p.version() + ":" + p.approvalStatus())
                    .sorted().toList();
            if (!packages.equals(List.of("1:Approved", "2:PendingManualApproval"))) {
                broken.add("the registry holds " + packages);
            }
        }
        FaultSuite.Run history = FaultSuite.Run.of("--state-dir", state.toString(), "--output", "json", "history", "--env",
                "staging");
        long commits = ((List<?>) history.json().getOrDefault("entries", List.of())).stream()
                .filter(e -> (GROUP + "/1").equals(((Map<?, ?>) e).get("version"))).count();
        if (commits != 1) {
            broken.add(commits + " commits make staging want v1 (expected 1)");
        }
        broken.addAll(ControllerKills.fsck(state));
        return broken;
    }
}
