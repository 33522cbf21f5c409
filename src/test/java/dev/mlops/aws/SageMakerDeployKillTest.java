package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reconcile killed with SIGKILL (a lost Jenkins agent) while SageMaker updates the endpoint: the
 * rerun finds the update by its pending config and follows it; nothing asks SageMaker twice. The
 * CLI runs in a child JVM so a real signal reaches a real JVM.
 */
class SageMakerDeployKillTest {
    @TempDir
    Path dir;
    DeployFixture deploy;

    @BeforeEach
    void start() {
        deploy = new DeployFixture(dir).approvedPackages(2);
    }

    @AfterEach
    void stop() {
        deploy.close();
    }

    @Test
    void aRerunAfterAKillFollowsTheUpdateAndNeverUpdatesTwice() throws Exception {
        assertEquals(0, deploy.reconcile().exitCode());
        deploy.wantVersion(2);
        deploy.aws.sageMaker.ticksPerEndpointChange(1_000_000);
        int describes = deploy.aws.sageMaker.requests("DescribeEndpoint").size();

        Process child = startChild();
        deploy.aws.awaitRequests("UpdateEndpoint", 1);
        deploy.aws.awaitRequests("DescribeEndpoint", describes + 5);
        child.destroyForcibly();
        child.waitFor();
        deploy.aws.sageMaker.hurryEndpointChanges();
        AwsFakes.Run rerun = deploy.reconcile();

        assertEquals(0, rerun.exitCode(), rerun.err() + rerun.out());
        assertEquals(AwsFakes.GROUP + "/2", rerun.json().get("live_version"));
        assertEquals(1, deploy.aws.sageMaker.requests("UpdateEndpoint").size());
    }

    private Process startChild() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Daws.accessKeyId=AKIDTEST", "-Daws.secretAccessKey=fake-secret", "dev.mlops.cli.Main"));
        command.addAll(deploy.aws.globalArgs());
        command.addAll(List.of("--state-dir", deploy.state.toString(), "--model-deploy-dir", deploy.seed.toString(),
                "reconcile", "--env", "staging", "--once", "--poll", "5ms", "--timeout", "10m"));
        return new ProcessBuilder(command).redirectOutput(dir.resolve("stdout.txt").toFile())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
    }
}
