package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** The model registry operations: package groups and (versioned or unversioned) packages. */
final class RegistryOperations {
    private static final int DEFAULT_PAGE = 10;
    private final ModelRegistry registry;

    RegistryOperations(ModelRegistry registry) {
        this.registry = registry;
    }

    void register(Map<String, Operation> operations) {
        operations.put("CreateModelPackageGroup", this::createGroup);
        operations.put("DescribeModelPackageGroup",
                r -> registry.group(Json.required(r, "ModelPackageGroupName")).deepCopy());
        operations.put("ListModelPackageGroups", this::listGroups);
        operations.put("CreateModelPackage",
                r -> Json.object().put("ModelPackageArn", registry.createPackage(r)));
        operations.put("DescribeModelPackage",
                r -> registry.modelPackage(Json.required(r, "ModelPackageName")).deepCopy());
        operations.put("ListModelPackages", this::listPackages);
        operations.put("UpdateModelPackage",
                r -> Json.object().put("ModelPackageArn", registry.update(r).get("ModelPackageArn").asText()));
    }

    private JsonNode createGroup(JsonNode request) {
        ObjectNode group = registry.createGroup(request);
        return Json.object().put("ModelPackageGroupArn", group.get("ModelPackageGroupArn").asText());
    }

    private JsonNode listGroups(JsonNode request) {
        String contains = Json.text(request, "NameContains").orElse("");
        List<ObjectNode> groups = registry.groups().stream()
                .filter(g -> g.get("ModelPackageGroupName").asText().contains(contains))
                .filter(createdWithin(request))
                .sorted(order(request, "ModelPackageGroupName"))
                .toList();
        return Page.write(new Page.PageRequest<>(groups, "ModelPackageGroupSummaryList", g -> summary(g,
                "ModelPackageGroupName", "ModelPackageGroupArn", "ModelPackageGroupDescription", "CreationTime",
                "ModelPackageGroupStatus"), DEFAULT_PAGE), request, Json.object());
    }

    /**
     * Without ModelPackageType, SageMaker lists unversioned packages only, unless a group is named;
     * then it lists that group's versions.
     */
    private JsonNode listPackages(JsonNode request) {
        String type = Json.text(request, "ModelPackageType")
                .orElse(request.has("ModelPackageGroupName") ? "Versioned" : "Unversioned");
        if (request.has("ModelPackageGroupName")) {
            registry.group(request.get("ModelPackageGroupName").asText());
        }
        List<ObjectNode> packages = registry.packages().stream()
                .filter(ofType(type))
                .filter(inGroup(request))
                .filter(p -> Json.text(request, "ModelApprovalStatus")
                        .map(s -> s.equals(p.get("ModelApprovalStatus").asText())).orElse(true))
                .filter(p -> p.get("ModelPackageName").asText().contains(Json.text(request, "NameContains").orElse("")))
                .filter(createdWithin(request))
                .sorted(order(request, "ModelPackageName"))
                .toList();
        return Page.write(new Page.PageRequest<>(packages, "ModelPackageSummaryList", p -> summary(p,
                "ModelPackageName", "ModelPackageGroupName", "ModelPackageVersion", "ModelPackageArn",
                "ModelPackageDescription", "CreationTime", "ModelPackageStatus", "ModelApprovalStatus",
                "ModelLifeCycle"), DEFAULT_PAGE), request, Json.object());
    }

    private static Predicate<ObjectNode> ofType(String type) {
        return switch (type) {
            case "Versioned" -> p -> p.has("ModelPackageVersion");
            case "Unversioned" -> p -> !p.has("ModelPackageVersion");
            case "Both" -> p -> true;
            default -> throw ApiError.validation("1 validation error detected: Value '" + type
                    + "' at 'modelPackageType' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [Both, Unversioned, Versioned]");
        };
    }

    private Predicate<ObjectNode> inGroup(JsonNode request) {
        if (!request.has("ModelPackageGroupName")) {
            return p -> true;
        }
        String group = registry.group(request.get("ModelPackageGroupName").asText())
                .get("ModelPackageGroupName").asText();
        return p -> group.equals(p.path("ModelPackageGroupName").asText(null));
    }

    private static Predicate<ObjectNode> createdWithin(JsonNode request) {
        return resource -> {
            var created = Json.time(resource, "CreationTime").orElseThrow();
            boolean after = Json.time(request, "CreationTimeAfter").map(created::isAfter).orElse(true);
            boolean before = Json.time(request, "CreationTimeBefore").map(created::isBefore).orElse(true);
            return after && before;
        };
    }

    /** SortBy CreationTime (default) or Name; SortOrder Ascending by default, as documented. */
    private static Comparator<ObjectNode> order(JsonNode request, String nameField) {
        String sortBy = Json.text(request, "SortBy").orElse("CreationTime");
        Comparator<ObjectNode> comparator = switch (sortBy) {
            case "CreationTime" -> Comparator.comparing(n -> n.get("CreationTime").decimalValue());
            case "Name" -> Comparator.<ObjectNode, String>comparing(n -> n.get(nameField).asText())
                    .thenComparing(n -> n.path("ModelPackageVersion").asInt());
            default -> throw ApiError.validation("1 validation error detected: Value '" + sortBy
                    + "' at 'sortBy' failed to satisfy constraint: Member must satisfy enum value set:"
                    + " [Name, CreationTime]");
        };
        return "Descending".equals(Json.text(request, "SortOrder").orElse("Ascending"))
                ? comparator.reversed() : comparator;
    }

    private static ObjectNode summary(ObjectNode resource, String... fields) {
        ObjectNode summary = Json.object();
        Json.copy(resource, summary, fields);
        return summary;
    }
}
