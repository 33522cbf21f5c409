package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Model package groups and model packages, stored in their DescribeModelPackage(Group) shape.
 * Shared by the registry operations and by pipelines' RegisterModel steps.
 */
final class ModelRegistry {
    private static final Set<String> APPROVAL_STATUSES = Set.of("PendingManualApproval", "Approved", "Rejected");
    private static final String[] PACKAGE_FIELDS = {"ModelPackageDescription", "InferenceSpecification",
        "ModelMetrics", "MetadataProperties", "CustomerMetadataProperties", "DriftCheckBaselines", "Domain",
        "Task", "SamplePayloadUrl", "AdditionalInferenceSpecifications", "SkipModelValidation", "SourceUri",
        "SourceAlgorithmSpecification", "ValidationSpecification", "CertifyForMarketplace", "ModelLifeCycle",
        "SecurityConfig", "ModelCard"};

    private final VirtualClock clock;
    private final TagStore tags;
    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final List<ObjectNode> packages = new ArrayList<>();
    private final Map<String, String> packagesByClientToken = new HashMap<>();

    ModelRegistry(VirtualClock clock, TagStore tags) {
        this.clock = clock;
        this.tags = tags;
    }

    ObjectNode createGroup(JsonNode request) {
        String name = Json.required(request, "ModelPackageGroupName");
        String arn = Arns.of("model-package-group", name);
        if (groups.containsKey(name)) {
            throw ApiError.validation("Model Package Group already exists: " + arn);
        }
        ObjectNode group = Json.object();
        group.put("ModelPackageGroupName", name).put("ModelPackageGroupArn", arn);
        Json.copy(request, group, "ModelPackageGroupDescription");
        group.set("CreationTime", Json.time(clock.stamp()));
        group.put("ModelPackageGroupStatus", "Completed");
        groups.put(name, group);
        tags.register(arn, request.path("Tags"));
        return group;
    }

    /** A RegisterModel step creates its group on first use, as SageMaker Pipelines does. */
    void ensureGroup(String name) {
        if (findGroup(name).isEmpty()) {
            createGroup(Json.object().put("ModelPackageGroupName", name));
        }
    }

    /** SageMaker reports a missing group as a ValidationException, not ResourceNotFound. */
    ObjectNode group(String nameOrArn) {
        return findGroup(nameOrArn).orElseThrow(() -> ApiError.validation("ModelPackageGroup "
                + (Arns.isArn(nameOrArn) ? nameOrArn : Arns.of("model-package-group", nameOrArn))
                + " does not exist."));
    }

    Optional<ObjectNode> findGroup(String nameOrArn) {
        return groups.values().stream().filter(g -> matches(g, "ModelPackageGroup", nameOrArn)).findFirst();
    }

    List<ObjectNode> groups() {
        return List.copyOf(groups.values());
    }

    /** Creates a package; a versioned one gets the next version of its group. Idempotent per ClientToken. */
    String createPackage(JsonNode request) {
        Optional<String> token = Json.text(request, "ClientToken");
        if (token.isPresent() && packagesByClientToken.containsKey(token.get())) {
            return packagesByClientToken.get(token.get());
        }
        ObjectNode pkg = Json.text(request, "ModelPackageGroupName").isPresent()
                ? versioned(request) : unversioned(request);
        String status = Json.text(request, "ModelApprovalStatus").orElse("PendingManualApproval");
        pkg.put("ModelApprovalStatus", approvalStatus(status));
        Json.copy(request, pkg, PACKAGE_FIELDS);
        pkg.set("CreationTime", Json.time(clock.stamp()));
        pkg.put("ModelPackageStatus", "Completed");
        pkg.putObject("ModelPackageStatusDetails").putArray("ValidationStatuses");
        packages.add(pkg);
        String arn = pkg.get("ModelPackageArn").asText();
        tags.register(arn, request.path("Tags"));
        token.ifPresent(t -> packagesByClientToken.put(t, arn));
        return arn;
    }

    ObjectNode modelPackage(String nameOrArn) {
        return packages.stream().filter(p -> matches(p, "ModelPackage", nameOrArn)).findFirst()
                .orElseThrow(() -> ApiError.validation("ModelPackage " + nameOrArn + " does not exist."));
    }

    List<ObjectNode> packages() {
        return List.copyOf(packages);
    }

    ObjectNode update(JsonNode request) {
        ObjectNode pkg = modelPackage(Json.required(request, "ModelPackageArn"));
        Json.text(request, "ModelApprovalStatus").ifPresent(s -> pkg.put("ModelApprovalStatus", approvalStatus(s)));
        Json.copy(request, pkg, "ApprovalDescription", "InferenceSpecification", "ModelCard", "ModelLifeCycle", "SourceUri");
        // SageMaker adds or updates the given keys and removes only those in CustomerMetadataPropertiesToRemove.
        if (request.path("CustomerMetadataProperties").isObject() || request.path("CustomerMetadataPropertiesToRemove").isArray()) {
            ObjectNode metadata = pkg.path("CustomerMetadataProperties").isObject()
                    ? (ObjectNode) pkg.get("CustomerMetadataProperties") : pkg.putObject("CustomerMetadataProperties");
            request.path("CustomerMetadataProperties").properties().forEach(e -> metadata.set(e.getKey(), e.getValue()));
            request.path("CustomerMetadataPropertiesToRemove").forEach(key -> metadata.remove(key.asText()));
        }
        pkg.set("LastModifiedTime", Json.time(clock.stamp()));
        return pkg;
    }

    private ObjectNode versioned(JsonNode request) {
        ObjectNode group = group(request.get("ModelPackageGroupName").asText());
        String groupName = group.get("ModelPackageGroupName").asText();
        int version = 1 + (int) packages.stream()
                .filter(p -> groupName.equals(p.path("ModelPackageGroupName").asText(null))).count();
        ObjectNode pkg = Json.object();
        pkg.put("ModelPackageGroupName", groupName).put("ModelPackageName", groupName);
        pkg.put("ModelPackageVersion", version).put("ModelPackageArn", Arns.modelPackage(groupName, version));
        return pkg;
    }

    private ObjectNode unversioned(JsonNode request) {
        String name = Json.required(request, "ModelPackageName");
        if (packages.stream().anyMatch(p -> name.equals(p.get("ModelPackageName").asText())
                && !p.has("ModelPackageVersion"))) {
            throw ApiError.validation("Model Package already exists: " + Arns.of("model-package", name));
        }
        ObjectNode pkg = Json.object();
        pkg.put("ModelPackageName", name).put("ModelPackageArn", Arns.of("model-package", name));
        return pkg;
    }

    static String approvalStatus(String value) {
        if (!APPROVAL_STATUSES.contains(value)) {
            throw ApiError.validation("1 validation error detected: Value '" + value + "' at 'modelApprovalStatus'"
                    + " failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [PendingManualApproval, Approved, Rejected]");
        }
        return value;
    }

    private static boolean matches(JsonNode resource, String kind, String nameOrArn) {
        return Arns.isArn(nameOrArn)
                ? nameOrArn.equalsIgnoreCase(resource.get(kind + "Arn").asText())
                : !resource.has("ModelPackageVersion") && nameOrArn.equals(resource.get(kind + "Name").asText());
    }
}
