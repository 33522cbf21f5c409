package dev.mlops.aws;

import dev.mlops.deploy.ModelRef;
import dev.mlops.pipeline.sagemaker.PipelineCompiler;
import dev.mlops.registry.ApprovalEvent;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sagemaker.model.DescribeModelPackageResponse;
import software.amazon.awssdk.services.sagemaker.model.MetadataProperties;
import software.amazon.awssdk.services.sagemaker.model.ModelPackageContainerDefinition;
import software.amazon.awssdk.services.sagemaker.model.UserContext;

/**
 * Maps SageMaker's DescribeModelPackage answer to the registry's {@link ModelPackage}.
 *
 * <p>SageMaker keeps no approval history, only the creation (CreationTime, CreatedBy) and the last
 * change (LastModifiedTime, LastModifiedBy, ApprovalDescription). The history is rebuilt from
 * those: the registration, then, when an ApprovalDescription exists and the package is decided,
 * one decision from PendingManualApproval (the status pipelines register with) to the current
 * status. A package registered already decided (a spec's auto_approve) has no ApprovalDescription
 * but says who decided and why in its customer metadata; that is the decision then. Decisions
 * before the last one are not recoverable from SageMaker.
 */
final class PackageMapper {
    static final String COMMIT = "mlops:commit";
    static final String EXECUTION = "mlops:execution";
    static final String ARTIFACT_PREFIX = "mlops:artifact:";
    /** How {@link SageMakerModelRegistry} writes ApprovalDescription: "by WHO: REASON" or "by WHO". */
    private static final Pattern DESCRIPTION = Pattern.compile("by ([^:]+?)(?:: (.*))?", Pattern.DOTALL);

    private PackageMapper() {
    }

    static ModelPackage toModelPackage(DescribeModelPackageResponse d, Map<String, Double> metrics) {
        ApprovalStatus status = ApprovalStatus.parse(d.modelApprovalStatusAsString());
        Map<String, String> metadata = d.hasCustomerMetadataProperties() ? d.customerMetadataProperties() : Map.of();
        Optional<MetadataProperties> properties = Optional.ofNullable(d.metadataProperties());
        return new ModelPackage(d.modelPackageGroupName(), d.modelPackageVersion(), d.modelPackageArn(), status,
                Optional.ofNullable(d.modelPackageStatusAsString()).orElse("Unknown"), d.creationTime(), metrics,
                artifacts(d, metadata),
                text(metadata.get(COMMIT)).or(() -> properties.flatMap(p -> text(p.commitId()))),
                text(metadata.get(EXECUTION)).or(() -> properties.flatMap(p -> text(p.generatedBy())))
                        .map(PackageMapper::executionId),
                text(d.modelPackageDescription()), history(d, status, metadata));
    }

    /** Where the package's evaluation report is, if it has model-quality metrics. */
    static Optional<String> evaluationUri(DescribeModelPackageResponse d) {
        return Optional.ofNullable(d.modelMetrics()).map(m -> m.modelQuality())
                .map(q -> q.statistics()).flatMap(s -> text(s.s3Uri()));
    }

    /** The ApprovalDescription an approval writes. */
    static String approvalDescription(String by, String reason) {
        String text = reason.isBlank() ? "by " + by : "by " + by + ": " + reason;
        return text.length() > 1024 ? text.substring(0, 1024) : text;
    }

    static List<ApprovalEvent> history(DescribeModelPackageResponse d, ApprovalStatus status, Map<String, String> metadata) {
        Instant created = d.creationTime();
        String registeredBy = user(d.createdBy()).orElse("unknown");
        Optional<String> description = text(d.approvalDescription());
        Optional<String> decidedAtRegistration = text(metadata.get(PipelineCompiler.APPROVED_BY));
        List<ApprovalEvent> history = new ArrayList<>();
        ApprovalStatus initial = ApprovalStatus.PendingManualApproval;
        if (description.isEmpty() && decidedAtRegistration.isPresent() && status != initial) {
            history.add(new ApprovalEvent(Optional.empty(), initial, registeredBy, created, "registered"));
            history.add(new ApprovalEvent(Optional.of(initial), status, decidedAtRegistration.get(), created,
                    text(metadata.get(PipelineCompiler.APPROVAL_REASON)).orElse("")));
            return history;
        }
        if (description.isEmpty() || status == initial) {
            history.add(new ApprovalEvent(Optional.empty(), status, registeredBy, created, "registered"));
            return history;
        }
        history.add(new ApprovalEvent(Optional.empty(), initial, registeredBy, created, "registered"));
        Matcher ours = DESCRIPTION.matcher(description.get());
        String by = ours.matches() ? ours.group(1).trim() : user(d.lastModifiedBy()).orElse("unknown");
        String reason = ours.matches() ? Optional.ofNullable(ours.group(2)).orElse("") : description.get();
        Instant at = Optional.ofNullable(d.lastModifiedTime()).orElse(created);
        history.add(new ApprovalEvent(Optional.of(initial), status, by, at, reason));
        return history;
    }

    /**
     * The containers of the inference pipeline as the compiled RegisterModel step writes them:
     * featurizer, model, decision (the chosen threshold; packages registered before it have two,
     * and a lone container is the model); the evaluation is the model-quality report.
     */
    private static final List<String> PIPELINE = List.of(ModelRef.FEATURIZER, ModelRef.MODEL, ModelRef.DECISION);

    private static Map<String, String> artifacts(DescribeModelPackageResponse d, Map<String, String> metadata) {
        Map<String, String> artifacts = new LinkedHashMap<>();
        List<ModelPackageContainerDefinition> containers = d.inferenceSpecification() == null
                || !d.inferenceSpecification().hasContainers() ? List.of() : d.inferenceSpecification().containers();
        for (int i = 0; i < containers.size(); i++) {
            String name = containers.size() == 1 ? ModelRef.MODEL : i < PIPELINE.size() ? PIPELINE.get(i) : "container-" + (i + 1);
            text(containers.get(i).modelDataUrl()).ifPresent(url -> artifacts.put(name, url));
        }
        evaluationUri(d).ifPresent(uri -> artifacts.put("evaluation", uri));
        metadata.forEach((key, value) -> {
            if (key.startsWith(ARTIFACT_PREFIX) && !value.isBlank()) {
                artifacts.putIfAbsent(key.substring(ARTIFACT_PREFIX.length()), value);
            }
        });
        return artifacts;
    }

    /** An execution ARN's last segment is its id, as the local backend records it. */
    private static String executionId(String arnOrId) {
        int at = arnOrId.indexOf("/execution/");
        return at < 0 ? arnOrId : arnOrId.substring(at + "/execution/".length());
    }

    private static Optional<String> user(UserContext context) {
        if (context == null) {
            return Optional.empty();
        }
        return text(context.userProfileName())
                .or(() -> Optional.ofNullable(context.iamIdentity()).flatMap(i -> text(i.arn())));
    }

    private static Optional<String> text(String value) {
        return Optional.ofNullable(value).map(String::trim).filter(v -> !v.isEmpty());
    }
}
