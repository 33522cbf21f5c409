package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approval is a human act: a build parameter cannot approve; only the spec, visibly, can. */
class BuildApprovalTest {
    static final String GROUP = "end-to-end-ml-sm-model-package-group";
    static final String DATA = "generated://ai4i?rows=10000&seed=42";
    static final String REASON = "dev group: every build goes to the dev endpoint";

    @TempDir
    Path state;

    @Test
    void approvalStatusParameterIsRefusedWithTheSettingThatAllowsItAndNothingIsRegistered() {
        CliRun run = run("build", "--data", DATA, "--param", "model_approval_status=Approved");

        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("cannot set parameter 'model_approval_status': approval is a human act"), run.err());
        assertTrue(run.err().contains("registration.auto_approve: {enabled: true, reason: WHY} in pipelines/model-build.yaml"),
                run.err());
        assertEquals(List.of(), run("models", "list", "--group", GROUP).json().get("model_packages"));
    }

    @Test
    void theJenkinsStepsParamsReachTheSameRefusal() {
        // mlopsBuild(params: [model_approval_status: 'Approved']) runs exactly these words (vars/mlopsBuild.groovy).
        CliRun run = run("build", "--data", DATA, "--commit", "0123456789abcdef0123456789abcdef01234567",
                "--param", "model_approval_status=Approved");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.json().containsKey("error") && run.out().contains("registration.auto_approve"), run.out());
    }

    @Test
    void autoApprovingSpecRegistersApprovedRecordingTheSettingAndReasonAndTheDeployCommitCarriesThem() throws Exception {
        Path spec = autoApprovingSpec();

        CliRun build = run("build", "--pipeline", spec.toString(), "--data", DATA);

        assertEquals(0, build.exitCode(), build.err());
        assertEquals("Approved", ((Map<?, ?>) build.json().get("model_package")).get("approval_status"));
        Map<String, Object> described = run("models", "describe", GROUP + "/1").json();
        List<?> history = (List<?>) described.get("approval_history");
        assertEquals(2, history.size(), history.toString());
        Map<?, ?> decision = (Map<?, ?>) history.get(1);
        String by = spec + " registration.auto_approve";
        assertEquals(by, decision.get("by"));
        assertEquals(REASON, decision.get("reason"));
        assertEquals("PendingManualApproval", ((Map<?, ?>) history.get(0)).get("to"), "registered pending, then decided");

        CliRun watched = run("watch-approvals", "--group", GROUP, "--once");
        assertEquals(0, watched.exitCode(), watched.err());
        assertEquals(GROUP + "/1", watched.json().get("desired_version"));
        String message = lastDesiredStateCommit().getFullMessage();
        assertTrue(message.contains("Approved-By: " + by), message);
        assertTrue(message.contains("Approval-Reason: " + REASON), message);
    }

    @Test
    void aParameterCannotTurnAutoApprovalOn() throws Exception {
        Path spec = state.resolve("param-approval.yaml");
        Files.writeString(spec, Files.readString(Path.of("pipelines", "model-build.yaml"))
                .replace("  min_auc: {", "  approve: {type: Boolean, default: false}\n  min_auc: {")
                .replace("  model_package_group: end-to-end-ml-sm-model-package-group\n",
                        "  model_package_group: end-to-end-ml-sm-model-package-group\n"
                                + "  auto_approve:\n    enabled: ${approve}\n    reason: because\n"));
        CliRun run = run("build", "--pipeline", spec.toString(), "--data", DATA, "--param", "approve=true");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("registration.auto_approve.enabled: expected true or false, found '${approve}'"),
                run.err());
        assertEquals(List.of(), run("models", "list", "--group", GROUP).json().get("model_packages"));
    }

    private Path autoApprovingSpec() throws Exception {
        Path spec = state.resolve("pipelines").resolve("model-build.yaml");
        Files.createDirectories(spec.getParent());
        String shipped = Files.readString(Path.of("pipelines", "model-build.yaml"));
        String anchor = "  model_package_group: end-to-end-ml-sm-model-package-group\n";
        assertTrue(shipped.contains(anchor));
        Files.writeString(spec, shipped.replace(anchor, anchor + "  auto_approve:\n    enabled: true\n    reason: \""
                + REASON + "\"\n"));
        return spec;
    }

    private RevCommit lastDesiredStateCommit() throws Exception {
        try (Git git = Git.open(state.resolve("desired-state.git").toFile())) {
            return git.log().setMaxCount(1).call().iterator().next();
        }
    }

    private CliRun run(String... args) {
        return CliRun.json(state, args);
    }
}
