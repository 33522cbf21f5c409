package dev.mlops.aws.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.ListModelPackagesResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelApprovalStatus;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSummary;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;

class FakeSageMakerRegistryTest {
    private static final String IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1";

    private FakeSageMaker fake;
    private SageMakerClient client;

    @BeforeEach
    void start() {
        fake = new FakeSageMaker().start();
        client = Clients.sageMaker(fake.endpoint());
        client.createModelPackageGroup(b -> b.modelPackageGroupName(Pipelines.GROUP)
                .modelPackageGroupDescription("AI4I 2020 machine failure"));
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void numbersVersionsWithinAGroupAndDescribesThemByArn() {
        String first = register(ModelApprovalStatus.PENDING_MANUAL_APPROVAL);
        String second = register(ModelApprovalStatus.PENDING_MANUAL_APPROVAL);

        DescribeModelPackageResponse described = client.describeModelPackage(b -> b.modelPackageName(second));

        assertEquals("arn:aws:sagemaker:us-east-1:123456789012:model-package/" + Pipelines.GROUP + "/1", first);
        assertEquals(2, described.modelPackageVersion());
        assertEquals("Completed", described.modelPackageStatusAsString());
        assertEquals(IMAGE, described.inferenceSpecification().containers().get(0).image());
    }

    @Test
    void pagesThroughPackagesNewestFirstAndFiltersByApproval() {
        for (int i = 0; i < 5; i++) {
            register(i % 2 == 0 ? ModelApprovalStatus.APPROVED : ModelApprovalStatus.REJECTED);
        }

        List<Integer> newestFirst = client.listModelPackagesPaginator(b -> b.modelPackageGroupName(Pipelines.GROUP)
                        .sortBy("CreationTime").sortOrder("Descending").maxResults(2))
                .modelPackageSummaryList().stream().map(ModelPackageSummary::modelPackageVersion).toList();
        ListModelPackagesResponse latestApproved = client.listModelPackages(b -> b
                .modelPackageGroupName(Pipelines.GROUP).modelApprovalStatus(ModelApprovalStatus.APPROVED)
                .sortBy("CreationTime").sortOrder("Descending").maxResults(1));

        assertEquals(List.of(5, 4, 3, 2, 1), newestFirst);
        assertEquals(3, fake.requests("ListModelPackages").stream()
                .filter(r -> r.body().path("MaxResults").asInt() == 2).count());
        assertEquals(5, latestApproved.modelPackageSummaryList().get(0).modelPackageVersion());
        assertTrue(latestApproved.nextToken() != null);
    }

    @Test
    void listsOldestFirstByDefault() {
        register(ModelApprovalStatus.APPROVED);
        register(ModelApprovalStatus.APPROVED);

        List<Integer> versions = client.listModelPackages(b -> b.modelPackageGroupName(Pipelines.GROUP))
                .modelPackageSummaryList().stream().map(ModelPackageSummary::modelPackageVersion).toList();

        assertEquals(List.of(1, 2), versions);
    }

    @Test
    void approvesAPackageWithADescription() {
        String arn = register(ModelApprovalStatus.PENDING_MANUAL_APPROVAL);

        String updated = client.updateModelPackage(b -> b.modelPackageArn(arn)
                .modelApprovalStatus(ModelApprovalStatus.APPROVED).approvalDescription("approved by alice")).modelPackageArn();
        DescribeModelPackageResponse described = client.describeModelPackage(b -> b.modelPackageName(arn));

        assertEquals(arn, updated);
        assertEquals(ModelApprovalStatus.APPROVED, described.modelApprovalStatus());
        assertEquals("approved by alice", described.approvalDescription());
        assertTrue(described.lastModifiedTime().isAfter(described.creationTime()));
    }

    @Test
    void answersAMissingGroupWithAValidationExceptionLikeSageMaker() {
        SageMakerException missing = assertThrows(SageMakerException.class,
                () -> client.describeModelPackageGroup(b -> b.modelPackageGroupName("no-such-group")));

        assertEquals("ValidationException", missing.awsErrorDetails().errorCode());
        assertEquals(400, missing.statusCode());
        assertTrue(missing.awsErrorDetails().errorMessage().endsWith("model-package-group/no-such-group does not exist."),
                missing.awsErrorDetails().errorMessage());
    }

    @Test
    void refusesADuplicateGroupAndAnUnknownApprovalStatus() {
        SageMakerException duplicate = assertThrows(SageMakerException.class,
                () -> client.createModelPackageGroup(b -> b.modelPackageGroupName(Pipelines.GROUP)));
        SageMakerException badStatus = assertThrows(SageMakerException.class,
                () -> client.createModelPackage(b -> b.modelPackageGroupName(Pipelines.GROUP)
                        .modelApprovalStatus("approved")));

        assertEquals("ValidationException", duplicate.awsErrorDetails().errorCode());
        assertEquals("ValidationException", badStatus.awsErrorDetails().errorCode());
    }

    @Test
    void listsGroupsByName() {
        client.createModelPackageGroup(b -> b.modelPackageGroupName("other-group"));

        List<String> names = client.listModelPackageGroups(b -> b.nameContains("end-to-end"))
                .modelPackageGroupSummaryList().stream().map(g -> g.modelPackageGroupName()).toList();

        assertEquals(List.of(Pipelines.GROUP), names);
        assertEquals("Completed", client.describeModelPackageGroup(b -> b.modelPackageGroupName(Pipelines.GROUP))
                .modelPackageGroupStatusAsString());
    }

    @Test
    void createsAPackageOncePerClientToken() {
        String token = "register-4f2a9c1";

        String first = client.createModelPackage(b -> b.modelPackageGroupName(Pipelines.GROUP).clientToken(token))
                .modelPackageArn();
        String second = client.createModelPackage(b -> b.modelPackageGroupName(Pipelines.GROUP).clientToken(token))
                .modelPackageArn();

        assertEquals(first, second);
    }

    private String register(ModelApprovalStatus status) {
        return client.createModelPackage(b -> b.modelPackageGroupName(Pipelines.GROUP).modelApprovalStatus(status)
                .inferenceSpecification(spec -> spec.containers(ModelPackageContainerDefinition.builder().image(IMAGE)
                                .modelDataUrl("s3://mlops-artifacts/end-to-end-ml/models/model.tar.gz").build())
                        .supportedContentTypes("text/csv").supportedResponseMIMETypes("text/csv")))
                .modelPackageArn();
    }
}
