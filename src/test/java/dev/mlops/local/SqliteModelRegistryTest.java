package dev.mlops.local;

import static dev.mlops.registry.ApprovalStatus.Approved;
import static dev.mlops.registry.ApprovalStatus.PendingManualApproval;
import static dev.mlops.registry.ApprovalStatus.Rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import dev.mlops.registry.ApprovalChange;
import dev.mlops.registry.ApprovalEvent;
import dev.mlops.registry.ApprovalRequest;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.NewModelPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteModelRegistryTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @TempDir
    Path stateDir;

    private final TestClock clock = new TestClock(T0);
    private SqliteModelRegistry registry;

    @BeforeEach
    void open() {
        registry = SqliteModelRegistry.open(stateDir, clock);
    }

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    void createsTheFileAndItsParentDirectories() {
        Path nested = stateDir.resolve("a/b/registry.db");
        try (SqliteModelRegistry other = new SqliteModelRegistry(nested, clock)) {
            assertTrue(Files.isRegularFile(nested));
            assertEquals(nested.toAbsolutePath(), other.file());
        }
        assertEquals(stateDir.resolve("registry.db").toAbsolutePath(), registry.file());
    }

    @Test
    void versionsCountUpPerGroupIndependently() {
        assertEquals(1, register("alpha").version());
        assertEquals(2, register("alpha").version());
        assertEquals(1, register("beta").version());
        assertEquals(3, register("alpha").version());
        assertEquals(2, register("beta").version());
        assertEquals(List.of("alpha", "beta"), registry.groups());
    }

    @Test
    void registrationStoresEverythingGivenAndTheRegistrationEvent() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("recall", 0.75);
        metrics.put("auc", 0.9312345678901234);
        Map<String, String> artifacts = new LinkedHashMap<>();
        artifacts.put("featurizer", "file:///s/featurizer.joblib");
        artifacts.put("model", "s3://bucket/model.tar.gz");
        ModelPackage registered = registry.register(new NewModelPackage("Churn-Models", Approved, metrics, artifacts,
                Optional.of("abc123"), Optional.of("exec-1"), Optional.of("first try"), "jenkins"));

        ModelPackage described = registry.describe(new ModelPackageRef("Churn-Models", 1));
        assertEquals(registered, described);
        assertEquals("arn:aws:sagemaker:local:000000000000:model-package/churn-models/1", described.arn());
        assertEquals(Approved, described.approvalStatus());
        assertEquals("Completed", described.packageStatus());
        assertEquals(T0, described.createdAt());
        assertEquals(List.of("recall", "auc"), List.copyOf(described.metrics().keySet()));
        assertEquals(0.9312345678901234, described.metrics().get("auc"));
        assertEquals(List.of("featurizer", "model"), List.copyOf(described.artifacts().keySet()));
        assertEquals(Optional.of("abc123"), described.sourceCommit());
        assertEquals(List.of(new ApprovalEvent(Optional.empty(), Approved, "jenkins", T0, "registered")),
                described.history());
    }

    @Test
    void absentOptionalFieldsComeBackEmpty() {
        register("alpha");
        ModelPackage p = registry.describe(new ModelPackageRef("alpha", 1));
        assertEquals(Optional.empty(), p.sourceCommit());
        assertEquals(Optional.empty(), p.executionId());
        assertEquals(Optional.empty(), p.description());
        assertEquals(Map.of(), p.artifacts());
    }

    @Test
    void listsNewestVersionFirst() {
        for (int i = 0; i < 4; i++) {
            register("alpha");
            clock.advance(Duration.ofMinutes(1));
        }
        register("beta");
        assertEquals(List.of(4, 3, 2, 1), registry.list("alpha").stream().map(ModelPackage::version).toList());
        assertEquals(List.of(), registry.list("unknown"));
    }

    @Test
    void groupNamesAreCaseInsensitiveLikeTheirArns() {
        register("Alpha");
        ModelPackage second = register("ALPHA");
        assertEquals(new ModelPackageRef("Alpha", 2), second.ref());
        assertEquals(2, registry.list("alpha").size());
        assertEquals(List.of("Alpha"), registry.groups());
    }

    @Test
    void describeOfAMissingVersionNamesTheGroupsVersions() {
        register("alpha");
        assertEquals("cannot describe model package alpha/2: no such package (group alpha has version 1)",
                describeError("alpha/2"));
        register("alpha");
        register("alpha");
        assertEquals("cannot describe model package alpha/9: no such package (group alpha has versions 1..3)",
                describeError("alpha/9"));
        assertEquals(Optional.empty(), registry.find(ModelPackageRef.parse("alpha/9")));
    }

    @Test
    void describeOfAMissingGroupNamesTheKnownGroups() {
        assertEquals("cannot describe model package alpha/1: no such group (the registry has no groups yet)",
                describeError("alpha/1"));
        register("beta");
        register("gamma");
        assertEquals("cannot describe model package alpha/1: no such group (known groups: beta, gamma)",
                describeError("alpha/1"));
    }

    @Test
    void approvalsAreRecordedWithWhoWhenAndWhyInOrder() {
        ModelPackageRef ref = register("alpha").ref();
        clock.advance(Duration.ofMinutes(5));
        ApprovalChange approved = approve(ref, Approved, "ana", "auc above 0.9");
        clock.advance(Duration.ofMinutes(5));
        approve(ref, Rejected, "bob", "smoke test failed");
        clock.advance(Duration.ofMinutes(5));
        ApprovalChange again = approve(ref, Approved, "ana", "fixed the endpoint, not the model");

        assertTrue(approved.changed());
        assertEquals(Approved, approved.modelPackage().approvalStatus());
        List<ApprovalEvent> expected = List.of(
                new ApprovalEvent(Optional.empty(), PendingManualApproval, "ci", T0, "registered"),
                new ApprovalEvent(Optional.of(PendingManualApproval), Approved, "ana", T0.plusSeconds(300), "auc above 0.9"),
                new ApprovalEvent(Optional.of(Approved), Rejected, "bob", T0.plusSeconds(600), "smoke test failed"),
                new ApprovalEvent(Optional.of(Rejected), Approved, "ana", T0.plusSeconds(900),
                        "fixed the endpoint, not the model"));
        assertEquals(expected, again.modelPackage().history());
        assertEquals(again.modelPackage(), registry.describe(ref));
        assertEquals(Approved, registry.describe(ref).approvalStatus());
    }

    @Test
    void refusesMovingBackToPendingAndKeepsTheDecision() {
        ModelPackageRef ref = register("alpha").ref();
        approve(ref, Rejected, "bob", "");
        InputException e = assertThrows(InputException.class, () -> approve(ref, PendingManualApproval, "bob", ""));
        assertTrue(e.getMessage().startsWith(
                "cannot change approval of model package alpha/1 from Rejected to PendingManualApproval"), e.getMessage());
        ModelPackage after = registry.describe(ref);
        assertEquals(Rejected, after.approvalStatus());
        assertEquals(2, after.history().size());
    }

    @Test
    void sameStatusChangesNothing() {
        ModelPackageRef ref = register("alpha").ref();
        approve(ref, Approved, "ana", "good");
        clock.advance(Duration.ofHours(1));
        ApprovalChange repeat = approve(ref, Approved, "bob", "also good");
        assertFalse(repeat.changed());
        assertEquals(registry.describe(ref), repeat.modelPackage());
        assertEquals(2, repeat.modelPackage().history().size());
        assertFalse(approve(register("alpha").ref(), PendingManualApproval, "bob", "").changed());
    }

    @Test
    void approvingAMissingPackageNamesWhatExists() {
        register("alpha");
        InputException e = assertThrows(InputException.class,
                () -> approve(ModelPackageRef.parse("alpha/3"), Approved, "ana", ""));
        assertEquals("cannot change approval of model package alpha/3: no such package (group alpha has version 1)",
                e.getMessage());
    }

    @Test
    void everythingSurvivesCloseAndReopen() {
        ModelPackageRef ref = register("alpha").ref();
        approve(ref, Approved, "ana", "ship it");
        ModelPackage before = registry.describe(ref);
        registry.close();
        registry.close();

        registry = SqliteModelRegistry.open(stateDir, clock);
        assertEquals(before, registry.describe(ref));
        assertEquals(2, register("alpha").version(), "the version counter survives too");
    }

    @Test
    void refusesUseAfterClose() {
        registry.close();
        assertThrows(IllegalStateException.class, () -> registry.groups());
    }

    private ModelPackage register(String group) {
        return registry.register(NewModelPackage.pending(group, Map.of("auc", 0.9), Map.of(), "ci"));
    }

    private ApprovalChange approve(ModelPackageRef ref, ApprovalStatus to, String by, String reason) {
        return registry.updateApproval(new ApprovalRequest(ref, to, by, reason));
    }

    private String describeError(String ref) {
        return assertThrows(InputException.class, () -> registry.describe(ModelPackageRef.parse(ref))).getMessage();
    }
}
