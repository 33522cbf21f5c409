package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.aws.fake.RecordedRequest;
import dev.mlops.registry.ApprovalStatus;
import dev.mlops.registry.ModelPackage;
import dev.mlops.registry.ModelPackageRef;
import dev.mlops.registry.NewModelPackage;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry port over SageMaker's Model Registry, through the CLI and directly. */
class SageMakerModelRegistryTest {
    static final String GROUP = "churn-models";

    @TempDir
    Path dir;
    AwsFakes aws;
    AwsClients clients;
    SageMakerModelRegistry registry;

    @BeforeEach
    void start() {
        aws = AwsFakes.start(dir);
        aws.sageMaker.evaluationMetrics(AwsFakes.metrics(0.97));
        clients = aws.clients();
        registry = new SageMakerModelRegistry(clients, aws.settings().s3Prefix(), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        clients.close();
        aws.close();
    }

    @Test
    void approveThenRejectOverAwsRecordsWhoAndWhy() {
        assertEquals(0, aws.build().exitCode());
        String ref = AwsFakes.GROUP + "/1";

        AwsFakes.Run approve = aws.cli("models", "approve", ref, "--by", "alice", "--reason", "AUC beats v0");
        AwsFakes.Run again = aws.cli("models", "approve", ref, "--by", "alice");
        AwsFakes.Run reject = aws.cli("models", "reject", ref, "--by", "bob", "--reason", "drift on Type L");

        assertEquals(0, approve.exitCode(), approve.err());
        assertEquals("Approved", approve.json().get("approval_status"));
        assertEquals(true, approve.json().get("changed"));
        assertEquals(Map.of("from", "PendingManualApproval", "to", "Approved", "by", "alice", "reason", "AUC beats v0"),
                withoutTime(last(approve.json())));
        assertEquals(false, again.json().get("changed"));
        assertEquals("Rejected", reject.json().get("approval_status"));
        assertEquals("bob", last(reject.json()).get("by"));
        List<RecordedRequest> updates = aws.sageMaker.requests("UpdateModelPackage").stream()
                .filter(r -> r.body().has("ModelApprovalStatus")).toList();
        assertEquals(2, updates.size(), "the repeated approval changes nothing in SageMaker");
        assertEquals("by alice: AUC beats v0", updates.get(0).body().path("ApprovalDescription").asText());
        assertEquals("Rejected", updates.get(1).body().path("ModelApprovalStatus").asText());
    }

    @Test
    void listFollowsEveryPageNewestFirst() {
        IntStream.range(0, 12).forEach(i -> registry.register(NewModelPackage.pending(GROUP, Map.of("auc", 0.8 + i / 100.0),
                Map.of(), "test")));

        AwsFakes.Run list = aws.cli("models", "list", "--group", GROUP);

        assertEquals(0, list.exitCode(), list.err());
        List<?> packages = (List<?>) list.json().get("model_packages");
        assertEquals(IntStream.iterate(12, v -> v >= 1, v -> v - 1).boxed().toList(),
                packages.stream().map(p -> ((Map<?, ?>) p).get("version")).toList());
        assertEquals(0.91, (Double) ((Map<?, ?>) ((Map<?, ?>) packages.get(0)).get("metrics")).get("auc"), 1e-9);
        List<RecordedRequest> pages = aws.sageMaker.requests("ListModelPackages");
        assertEquals(2, pages.size());
        assertEquals("CreationTime", pages.get(0).body().path("SortBy").asText());
        assertEquals("Descending", pages.get(0).body().path("SortOrder").asText());
        assertTrue(pages.get(1).body().has("NextToken"));
    }

    @Test
    void registerCreatesTheGroupOnlyWhenMissing() {
        ModelPackage first = registry.register(new NewModelPackage(GROUP, ApprovalStatus.PendingManualApproval,
                Map.of("auc", 0.9), Map.of("model", "s3://bucket/model.tar.gz"), Optional.of("abc1234"), Optional.of("exec01"),
                Optional.of("by hand"), "alice"));
        ModelPackage second = registry.register(NewModelPackage.pending(GROUP, Map.of(), Map.of(), "alice"));

        assertEquals(1, aws.sageMaker.requests("CreateModelPackageGroup").size());
        assertEquals(List.of(1, 2), List.of(first.version(), second.version()));
        assertEquals(Map.of("auc", 0.9), first.metrics());
        assertEquals("s3://bucket/model.tar.gz", first.artifacts().get("model"));
        assertEquals(Optional.of("abc1234"), first.sourceCommit());
        assertEquals(Optional.of("exec01"), first.executionId());
        assertEquals(List.of(GROUP), registry.groups());
        assertEquals(first.arn(), registry.describe(new ModelPackageRef(GROUP, 1)).arn());
    }

    @Test
    void describingAMissingVersionNamesTheVersionsThere() {
        registry.register(NewModelPackage.pending(GROUP, Map.of(), Map.of(), "alice"));

        AwsFakes.Run run = aws.cli("models", "describe", GROUP + "/7");

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("cannot describe model package " + GROUP + "/7: no such version; the group has versions 1"),
                run.err());
    }

    @Test
    void unknownGroupHasNoPackages() {
        AwsFakes.Run run = aws.cli("models", "list", "--group", "no-such-group");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(List.of(), run.json().get("model_packages"));
        assertFalse(registry.find(new ModelPackageRef("no-such-group", 1)).isPresent());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> last(Map<String, Object> pkg) {
        List<Map<String, Object>> history = (List<Map<String, Object>>) pkg.get("approval_history");
        return history.get(history.size() - 1);
    }

    private static Map<String, Object> withoutTime(Map<String, Object> event) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(event);
        copy.remove("at");
        return copy;
    }
}
