package dev.mlops.local;

import dev.mlops.registry.ApprovalChange;
import dev.mlops.registry.ApprovalRequest;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.NewModelPackage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The child process of the crash test: two writers on two connections register packages and flip
 * approvals as fast as they can until the test kills the process. It prints a line after every
 * committed write, so the parent knows what must survive: {@code registered GROUP/VERSION}.
 * Arguments: the registry file and a random seed.
 */
public final class RegistryChurn {
    static final List<String> GROUPS = List.of("churn-a", "churn-b");

    private RegistryChurn() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path db = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        exitWhenParentDies();
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            e.printStackTrace();
            System.exit(3);
        });
        Thread[] writers = new Thread[2];
        for (int i = 0; i < writers.length; i++) {
            Random random = new Random(seed + i);
            writers[i] = new Thread(() -> churn(new SqliteModelRegistry(db, Clock.systemUTC()), random));
            writers[i].start();
        }
        for (Thread writer : writers) {
            writer.join();
        }
    }

    private static void churn(ModelRegistry registry, Random random) {
        Map<String, Integer> latest = new HashMap<>();
        for (String group : GROUPS) {
            latest.put(group, registry.list(group).size());
        }
        while (true) {
            String group = GROUPS.get(random.nextInt(GROUPS.size()));
            int known = latest.get(group);
            if (known == 0 || random.nextInt(3) == 0) {
                ModelPackage p = registry.register(newPackage(group, random));
                latest.merge(group, p.version(), Math::max);
                System.out.println("registered " + p.ref());
            } else {
                ApprovalStatus to = random.nextBoolean() ? ApprovalStatus.Approved : ApprovalStatus.Rejected;
                ApprovalChange change = registry.updateApproval(new ApprovalRequest(
                        new ModelPackageRef(group, 1 + random.nextInt(known)), to, "churn", "crash test"));
                System.out.println("approval " + change.modelPackage().ref() + " " + change.changed());
            }
        }
    }

    /** A description of a few kilobytes makes a write span several pages, so a kill can split one. */
    private static NewModelPackage newPackage(String group, Random random) {
        return new NewModelPackage(group, ApprovalStatus.PendingManualApproval,
                Map.of("auc", random.nextDouble(), "recall", random.nextDouble()),
                Map.of("model", "file:///tmp/model-" + random.nextInt() + ".json"),
                Optional.of(Long.toHexString(random.nextLong())), Optional.empty(),
                Optional.of("d".repeat(random.nextInt(12_000))), "churn");
    }

    /** Never outlive the test JVM, even if it dies before it can kill this process. */
    private static void exitWhenParentDies() {
        ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(4)));
    }
}
