package dev.mlops.registry;

import static dev.mlops.registry.ApprovalStatus.Approved;
import static dev.mlops.registry.ApprovalStatus.PendingManualApproval;
import static dev.mlops.registry.ApprovalStatus.Rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelPackageTest {
    private static final Instant REGISTERED = Instant.parse("2025-01-02T03:04:05Z");
    private static final Instant LATER = REGISTERED.plusSeconds(60);

    @Test
    void localArnLowercasesTheGroupLikeSageMaker() {
        assertEquals("arn:aws:sagemaker:local:000000000000:model-package/my-models/7",
                ModelPackage.localArn(new ModelPackageRef("My-Models", 7)));
    }

    @Test
    void approvingAPendingPackageAddsOneEventAndChangesTheStatus() {
        ModelPackage pending = pending();
        ApprovalEvent event = pending.nextApproval(request(Approved), LATER).orElseThrow();
        assertEquals(new ApprovalEvent(Optional.of(PendingManualApproval), Approved, "ana", LATER, "auc 0.93"), event);

        ModelPackage approved = pending.with(event);
        assertEquals(Approved, approved.approvalStatus());
        assertEquals(List.of(pending.history().get(0), event), approved.history());
        assertEquals(PendingManualApproval, pending.approvalStatus(), "the original is unchanged");
    }

    @Test
    void askingForTheCurrentStatusIsNotADecision() {
        assertTrue(pending().nextApproval(request(PendingManualApproval), LATER).isEmpty());
        ModelPackage approved = pending().with(pending().nextApproval(request(Approved), LATER).orElseThrow());
        assertTrue(approved.nextApproval(request(Approved), LATER).isEmpty());
    }

    @Test
    void refusesMovingBackToPendingNamingBothStatuses() {
        ModelPackage pending = pending();
        ModelPackage rejected = pending.with(pending.nextApproval(request(Rejected), LATER).orElseThrow());
        InputException e = assertThrows(InputException.class,
                () -> rejected.nextApproval(request(PendingManualApproval), LATER));
        assertEquals("cannot change approval of model package models/1 from Rejected to PendingManualApproval:"
                + " a package never goes back to PendingManualApproval; approve or reject it instead", e.getMessage());
    }

    @Test
    void keepsMetricsInTheOrderGivenAndCannotBeChangedFromOutside() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("recall", 0.5);
        metrics.put("auc", 0.9);
        ModelPackage p = pending(metrics);
        metrics.put("precision", 0.1);
        assertEquals(List.of("recall", "auc"), List.copyOf(p.metrics().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> p.metrics().put("x", 1.0));
    }

    @Test
    void newPackageRefusesNonFiniteMetricsAndAnonymousRegistration() {
        InputException nan = assertThrows(InputException.class,
                () -> NewModelPackage.pending("models", Map.of("auc", Double.NaN), Map.of(), "ci"));
        assertEquals("cannot register model package in group models: metric 'auc' is NaN;"
                + " metrics must be finite numbers", nan.getMessage());
        assertThrows(InputException.class, () -> NewModelPackage.pending("models", Map.of(), Map.of(), " "));
        assertThrows(InputException.class, () -> NewModelPackage.pending("models", Map.of(), Map.of("model", ""), "ci"));
        assertThrows(InputException.class, () -> NewModelPackage.pending("bad_group", Map.of(), Map.of(), "ci"));
    }

    @Test
    void approvalRequestMustNameWhoDecides() {
        InputException e = assertThrows(InputException.class,
                () -> new ApprovalRequest(new ModelPackageRef("models", 1), Approved, "", "why"));
        assertEquals("cannot change approval of model package models/1: the request must name who decides",
                e.getMessage());
    }

    private static ApprovalRequest request(ApprovalStatus to) {
        return new ApprovalRequest(new ModelPackageRef("models", 1), to, "ana", "auc 0.93");
    }

    private static ModelPackage pending() {
        return pending(Map.of("auc", 0.93));
    }

    private static ModelPackage pending(Map<String, Double> metrics) {
        ApprovalEvent registration = new ApprovalEvent(Optional.empty(), PendingManualApproval, "ci", REGISTERED,
                "registered");
        return new ModelPackage("models", 1, ModelPackage.localArn(new ModelPackageRef("models", 1)),
                PendingManualApproval, ModelPackage.COMPLETED, REGISTERED, metrics, Map.of("model", "file:///m"),
                Optional.empty(), Optional.empty(), Optional.empty(), List.of(registration));
    }
}
