package dev.mlops.registry;

import static dev.mlops.registry.ApprovalStatus.Approved;
import static dev.mlops.registry.ApprovalStatus.PendingManualApproval;
import static dev.mlops.registry.ApprovalStatus.Rejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import org.junit.jupiter.api.Test;

class ApprovalStatusTest {

    @Test
    void parsesSageMakerNamesInAnyCase() {
        assertEquals(Approved, ApprovalStatus.parse("Approved"));
        assertEquals(Rejected, ApprovalStatus.parse("rejected"));
        assertEquals(PendingManualApproval, ApprovalStatus.parse(" PENDINGMANUALAPPROVAL "));
    }

    @Test
    void rejectsUnknownStatusListingTheValidOnes() {
        InputException e = assertThrows(InputException.class, () -> ApprovalStatus.parse("Approve"));
        assertEquals("cannot parse approval status 'Approve': expected one of "
                + "PendingManualApproval, Approved, Rejected", e.getMessage());
        assertThrows(InputException.class, () -> ApprovalStatus.parse(""));
        assertThrows(InputException.class, () -> ApprovalStatus.parse(null));
    }

    @Test
    void everyStatusMayMoveToApprovedOrRejected() {
        for (ApprovalStatus from : ApprovalStatus.values()) {
            assertTrue(from.canMoveTo(Approved), from + " -> Approved");
            assertTrue(from.canMoveTo(Rejected), from + " -> Rejected");
        }
    }

    @Test
    void nothingMovesBackToPending() {
        for (ApprovalStatus from : ApprovalStatus.values()) {
            assertFalse(from.canMoveTo(PendingManualApproval), from + " -> PendingManualApproval");
        }
    }
}
