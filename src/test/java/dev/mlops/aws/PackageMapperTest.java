package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.registry.ApprovalEvent;
import dev.mlops.registry.ApprovalStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;

/** The approval history SageMaker's two timestamps allow: the registration and the last decision. */
class PackageMapperTest {
    static final Instant CREATED = Instant.parse("2026-01-26T10:00:00Z");
    static final Instant DECIDED = Instant.parse("2026-01-27T09:30:00Z");

    @Test
    void pendingPackageHasOnlyItsRegistration() {
        List<ApprovalEvent> history = history(pkg("PendingManualApproval", null));

        assertEquals(List.of(new ApprovalEvent(Optional.empty(), ApprovalStatus.PendingManualApproval, "pipeline-user",
                CREATED, "registered")), history);
    }

    @Test
    void ourDescriptionGivesTheDeciderAndReason() {
        List<ApprovalEvent> history = history(pkg("Approved", "by alice: AUC beats v0: 0.93 vs 0.91"));

        assertEquals(new ApprovalEvent(Optional.of(ApprovalStatus.PendingManualApproval), ApprovalStatus.Approved, "alice",
                DECIDED, "AUC beats v0: 0.93 vs 0.91"), history.get(1));
    }

    @Test
    void someoneElsesDescriptionIsKeptAsTheReasonWithTheLastModifier() {
        List<ApprovalEvent> history = history(pkg("Rejected", "Rejected in Studio"));

        assertEquals(new ApprovalEvent(Optional.of(ApprovalStatus.PendingManualApproval), ApprovalStatus.Rejected,
                "arn:aws:sts::123456789012:assumed-role/Reviewer/bob", DECIDED, "Rejected in Studio"), history.get(1));
    }

    @Test
    void decidedPackageWithoutDescriptionShowsItsStatusFromRegistration() {
        List<ApprovalEvent> history = history(pkg("Approved", null));

        assertEquals(1, history.size());
        assertEquals(ApprovalStatus.Approved, history.get(0).to());
    }

    @Test
    void packageApprovedAtRegistrationBySpecSettingShowsThatDecision() {
        DescribeModelPackageResponse d = pkg("Approved", null);
        List<ApprovalEvent> history = PackageMapper.history(d, ApprovalStatus.Approved, java.util.Map.of(
                "mlops:approved-by", "pipelines/model-build.yaml registration.auto_approve", "mlops:approval-reason", "dev group"));

        assertEquals(List.of(new ApprovalEvent(Optional.empty(), ApprovalStatus.PendingManualApproval, "pipeline-user", CREATED,
                "registered"), new ApprovalEvent(Optional.of(ApprovalStatus.PendingManualApproval), ApprovalStatus.Approved,
                "pipelines/model-build.yaml registration.auto_approve", CREATED, "dev group")), history);
    }

    private static List<ApprovalEvent> history(DescribeModelPackageResponse d) {
        return PackageMapper.history(d, ApprovalStatus.parse(d.modelApprovalStatusAsString()), java.util.Map.of());
    }

    @Test
    void inferencePipelineContainersBecomeFeaturizerModelAndDecision() {
        DescribeModelPackageResponse three = pkg("Approved", null).toBuilder().inferenceSpecification(i -> i.containers(
                c -> c.image("sk").modelDataUrl("s3://b/f.tar.gz"), c -> c.image("xgb").modelDataUrl("s3://b/m.tar.gz"),
                c -> c.image("sk").modelDataUrl("s3://b/d.tar.gz"))).build();
        assertEquals(java.util.Map.of("featurizer", "s3://b/f.tar.gz", "model", "s3://b/m.tar.gz", "decision", "s3://b/d.tar.gz"),
                PackageMapper.toModelPackage(three, java.util.Map.of()).artifacts());
        DescribeModelPackageResponse two = pkg("Approved", null).toBuilder().inferenceSpecification(i -> i.containers(
                c -> c.image("sk").modelDataUrl("s3://b/f.tar.gz"), c -> c.image("xgb").modelDataUrl("s3://b/m.tar.gz"))).build();
        assertEquals(java.util.Map.of("featurizer", "s3://b/f.tar.gz", "model", "s3://b/m.tar.gz"),
                PackageMapper.toModelPackage(two, java.util.Map.of()).artifacts(), "packages registered before the decision");
    }

    private static DescribeModelPackageResponse pkg(String status, String description) {
        return DescribeModelPackageResponse.builder().modelPackageGroupName("g").modelPackageVersion(1)
                .modelPackageArn("arn:aws:sagemaker:us-east-1:123456789012:model-package/g/1")
                .modelApprovalStatus(status).creationTime(CREATED).lastModifiedTime(DECIDED)
                .createdBy(u -> u.userProfileName("pipeline-user"))
                .lastModifiedBy(u -> u.iamIdentity(i -> i.arn("arn:aws:sts::123456789012:assumed-role/Reviewer/bob")))
                .approvalDescription(description).build();
    }
}
