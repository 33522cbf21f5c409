package dev.mlops.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.InputException;
import dev.mlops.pipeline.sagemaker.PipelineCompiler;
import dev.mlops.registry.NewModelPackage;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.CreateModelPackageRequest;

/**
 * Registers a package directly (the pipeline's RegisterModel step normally does): creates the
 * group when missing, writes the metrics as a model-quality report to S3 so SageMaker can link
 * it, and keeps commit, execution and artifact URIs as customer metadata. Without images there is
 * no inference specification: such a package is a record, not something to deploy.
 */
final class PackageRegistration {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final SageMakerClient sageMaker;
    private final S3Store s3;
    private final Optional<String> s3Root;

    PackageRegistration(SageMakerClient sageMaker, S3Store s3, Optional<String> s3Root) {
        this.sageMaker = sageMaker;
        this.s3 = s3;
        this.s3Root = s3Root;
    }

    /** The new package's ARN. */
    String register(NewModelPackage p) {
        ensureGroup(p.group());
        CreateModelPackageRequest.Builder request = CreateModelPackageRequest.builder()
                .modelPackageGroupName(p.group())
                .modelApprovalStatus(p.initialStatus().name())
                .customerMetadataProperties(metadata(p))
                .clientToken(UUID.randomUUID().toString());
        p.description().ifPresent(request::modelPackageDescription);
        if (!p.metrics().isEmpty()) {
            String uri = metricsUri(p.group());
            s3.put(uri, report(p.metrics()).getBytes(StandardCharsets.UTF_8), "application/json");
            request.modelMetrics(m -> m.modelQuality(q -> q.statistics(s -> s.contentType("application/json").s3Uri(uri))));
        }
        try {
            return sageMaker.createModelPackage(request.build()).modelPackageArn();
        } catch (SdkException e) {
            throw AwsErrors.translate("register model package in group " + p.group(), e);
        }
    }

    /** Creates the group unless it exists; losing a creation race to another caller is fine. */
    void ensureGroup(String group) {
        try {
            sageMaker.describeModelPackageGroup(b -> b.modelPackageGroupName(group));
            return;
        } catch (SdkException e) {
            if (!AwsErrors.isNotFound(e)) {
                throw AwsErrors.translate("describe model package group " + group, e);
            }
        }
        try {
            sageMaker.createModelPackageGroup(b -> b.modelPackageGroupName(group)
                    .modelPackageGroupDescription("Created by mlops"));
        } catch (SdkException e) {
            if (!AwsErrors.isAlreadyExists(e)) {
                throw AwsErrors.translate("create model package group " + group, e);
            }
        }
    }

    private String metricsUri(String group) {
        String root = s3Root.orElseThrow(() -> new InputException("cannot register metrics in group " + group
                + ": no S3 bucket configured for the report; set aws.s3_prefix in mlops.yaml or MLOPS_S3_PREFIX"));
        return root + "/registry/" + group + "/" + UUID.randomUUID() + "/evaluation.json";
    }

    private static Map<String, String> metadata(NewModelPackage p) {
        Map<String, String> metadata = new LinkedHashMap<>();
        p.sourceCommit().ifPresent(c -> metadata.put(PackageMapper.COMMIT, c));
        p.executionId().ifPresent(e -> metadata.put(PackageMapper.EXECUTION, e));
        metadata.put("mlops:registered-by", p.registeredBy());
        // CreateModelPackage takes no ApprovalDescription: a decision made at registration is kept
        // where the compiled RegisterModel step keeps it, and PackageMapper reads it back.
        p.decision().ifPresent(d -> {
            metadata.put(PipelineCompiler.APPROVED_BY, d.by());
            metadata.put(PipelineCompiler.APPROVAL_REASON, d.reason());
        });
        p.artifacts().forEach((name, uri) -> metadata.put(PackageMapper.ARTIFACT_PREFIX + name, uri));
        return metadata;
    }

    /** The model-quality format the local backend and evaluate.py write, with the metrics the caller has. */
    private static String report(Map<String, Double> metrics) {
        Map<String, Object> binary = new LinkedHashMap<>();
        metrics.forEach((name, value) -> binary.put(name, Map.of("value", value, "standard_deviation", "")));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of("binary_classification_metrics", binary));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write evaluation.json: " + e.getMessage(), e);
        }
    }
}
