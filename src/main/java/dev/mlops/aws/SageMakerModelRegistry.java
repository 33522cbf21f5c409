package dev.mlops.aws;

import dev.mlops.InputException;
import dev.mlops.MlopsException;
import dev.mlops.registry.ApprovalChange;
import dev.mlops.registry.ApprovalRequest;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.registry.NewModelPackage;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageGroupSummary;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSortBy;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageSummary;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageType;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;

/**
 * The model registry port over SageMaker's Model Registry. A package's ARN is its group's ARN
 * with {@code model-package-group/} turned into {@code model-package/} plus the version, so
 * DescribeModelPackageGroup supplies the partition, region and account without an STS call.
 * Metrics come from the package's model-quality report in S3. See {@link PackageMapper} for
 * what SageMaker keeps of the approval history.
 */
public final class SageMakerModelRegistry implements ModelRegistry {
    private final SageMakerClient sageMaker;
    private final S3Store s3;
    private final Clock clock;
    private final PackageRegistration registration;
    private final Map<String, String> groupArns = new ConcurrentHashMap<>();

    public SageMakerModelRegistry(AwsClients clients, Optional<String> s3Root, Clock clock) {
        this.sageMaker = clients.sageMaker();
        this.s3 = new S3Store(clients.s3());
        this.clock = clock;
        this.registration = new PackageRegistration(sageMaker, s3, s3Root);
    }

    @Override
    public ModelPackage register(NewModelPackage p) {
        String arn = registration.register(p);
        return describeArn(arn).map(this::toModelPackage).orElseThrow(() -> new InputException(
                "cannot describe model package " + arn + ": it was just created but SageMaker does not find it"));
    }

    @Override
    public List<ModelPackage> list(String group) {
        try {
            return sageMaker.listModelPackagesPaginator(b -> b.modelPackageGroupName(group)
                            .modelPackageType(ModelPackageType.VERSIONED)
                            .sortBy(ModelPackageSortBy.CREATION_TIME).sortOrder(SortOrder.DESCENDING))
                    .modelPackageSummaryList().stream()
                    .map(ModelPackageSummary::modelPackageArn)
                    .map(this::describeArn).flatMap(Optional::stream)
                    .map(this::toModelPackage).toList();
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return List.of();
            }
            throw AwsErrors.translate("list model packages of group " + group, e);
        }
    }

    @Override
    public Optional<ModelPackage> find(ModelPackageRef ref) {
        return packageArn(ref).flatMap(this::describeArn).map(this::toModelPackage);
    }

    @Override
    public ModelPackage describe(ModelPackageRef ref) {
        return find(ref).orElseThrow(() -> {
            List<Integer> versions = list(ref.group()).stream().map(ModelPackage::version).sorted().toList();
            return new InputException("cannot describe model package " + ref + ": " + (versions.isEmpty()
                    ? "group " + ref.group() + " has no packages"
                    : "no such version; the group has versions " + versions.stream().map(String::valueOf)
                    .collect(Collectors.joining(", "))));
        });
    }

    @Override
    public ApprovalChange updateApproval(ApprovalRequest request) {
        ModelPackage current = describe(request.ref());
        if (current.nextApproval(request, clock.instant()).isEmpty()) {
            return new ApprovalChange(current, false);
        }
        try {
            sageMaker.updateModelPackage(b -> b.modelPackageArn(current.arn())
                    .modelApprovalStatus(request.to().name())
                    .approvalDescription(PackageMapper.approvalDescription(request.by(), request.reason())));
        } catch (SdkException e) {
            throw AwsErrors.translate("change approval of model package " + request.ref(), e);
        }
        return new ApprovalChange(describe(request.ref()), true);
    }

    @Override
    public List<String> groups() {
        try {
            return sageMaker.listModelPackageGroupsPaginator(b -> b.sortBy("Name").sortOrder(SortOrder.ASCENDING))
                    .modelPackageGroupSummaryList().stream()
                    .map(ModelPackageGroupSummary::modelPackageGroupName).sorted().toList();
        } catch (SdkException e) {
            throw AwsErrors.translate("list model package groups", e);
        }
    }

    @Override
    public void close() {
        // the clients belong to the backend, which closes them
    }

    /**
     * The package's ARN, derived from its group's; empty when the group does not exist. A caller
     * not allowed DescribeModelPackageGroup finds it by listing the group instead.
     */
    Optional<String> packageArn(ModelPackageRef ref) {
        String group = ref.group();
        try {
            String groupArn = groupArns.computeIfAbsent(group, g -> sageMaker.describeModelPackageGroup(
                    b -> b.modelPackageGroupName(g)).modelPackageGroupArn());
            return Optional.of(groupArn.replace(":model-package-group/", ":model-package/") + "/" + ref.version());
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            if (!AwsErrors.isDenied(e)) {
                throw AwsErrors.translate("describe model package group " + group, e);
            }
        }
        try {
            return sageMaker.listModelPackagesPaginator(b -> b.modelPackageGroupName(group)
                            .modelPackageType(ModelPackageType.VERSIONED)).modelPackageSummaryList().stream()
                    .filter(p -> p.modelPackageVersion() != null && p.modelPackageVersion() == ref.version())
                    .map(ModelPackageSummary::modelPackageArn).findFirst();
        } catch (SdkException e) {
            throw AwsErrors.translate("find model package " + ref, e);
        }
    }

    private Optional<DescribeModelPackageResponse> describeArn(String arn) {
        try {
            return Optional.of(sageMaker.describeModelPackage(b -> b.modelPackageName(arn)));
        } catch (SdkException e) {
            if (AwsErrors.isNotFound(e)) {
                return Optional.empty();
            }
            throw AwsErrors.translate("describe model package " + arn, e);
        }
    }

    private ModelPackage toModelPackage(DescribeModelPackageResponse d) {
        Map<String, Double> metrics = PackageMapper.evaluationUri(d).flatMap(this::evaluation)
                .map(EvaluationMetrics::parse).orElse(Map.of());
        return PackageMapper.toModelPackage(d, metrics);
    }

    /** A report that cannot be read leaves the metrics empty rather than hiding the package. */
    private Optional<String> evaluation(String uri) {
        try {
            return s3.text(uri);
        } catch (MlopsException e) {
            return Optional.empty();
        }
    }
}
