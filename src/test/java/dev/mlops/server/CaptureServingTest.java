package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.SmallDisk;
import dev.mlops.deploy.EndpointStatus;
import dev.mlops.deploy.ModelRef;
import dev.mlops.local.LocalEndpointDeployer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data capture behind a real serving process: a capture folder that cannot be written never fails an invocation. */
class CaptureServingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ENDPOINT = "capture-staging";
    @TempDir
    Path tmp;

    @Test
    void aCaptureFolderThatCannotBeWrittenStopsCaptureNotServing() throws Exception {
        Path stateDir = tmp.resolve("models");
        LocalEndpointDeployer deployer = deployCapturingAll(stateDir);
        List<String> log = new CopyOnWriteArrayList<>();
        Path captureDir = stateDir.resolve("endpoints").resolve(ENDPOINT).resolve("capture");
        // Root ignores modes, so a file stands where the capture folder should be: every write fails.
        Files.writeString(captureDir, "not a folder");
        try (ServingServer server = ServingServer.start(ServingOptions.defaults(stateDir).withLog(log::add))) {
            Awaits.endpoint(deployer, ENDPOINT, d -> d.status() == EndpointStatus.InService, "InService");
            URI invocations = server.baseUri().resolve("/endpoints/" + ENDPOINT + "/invocations");
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> response = Http.post(invocations, "text/csv", null, TestModels.WORKSHOP_RECORD);
                assertEquals(200, response.statusCode(), response.body());
            }
            JsonNode capture = awaitCapture(server);
            assertEquals("stopped", capture.path("state").asText(), capture.toString());
            assertTrue(capture.path("error").asText().contains("cannot write " + captureDir), capture.toString());
            assertEquals(1, log.stream().filter(l -> l.contains("data capture stopped")).count(), log.toString());
        }
    }

    @Test
    void aFullDiskStopsCaptureNotServing() throws Exception {
        Path stateDir = tmp.resolve("models");
        LocalEndpointDeployer deployer = deployCapturingAll(stateDir);
        List<String> log = new CopyOnWriteArrayList<>();
        Path captureDir = stateDir.resolve("endpoints").resolve(ENDPOINT).resolve("capture");
        try (SmallDisk disk = SmallDisk.tmpfs(captureDir, "64k");
                ServingServer server = ServingServer.start(ServingOptions.defaults(stateDir).withLog(log::add))) {
            Awaits.endpoint(deployer, ENDPOINT, d -> d.status() == EndpointStatus.InService, "InService");
            URI invocations = server.baseUri().resolve("/endpoints/" + ENDPOINT + "/invocations");
            // 64 KiB holds a few hundred records: the rest meet a full disk, and every one is answered.
            for (int i = 0; i < 600; i++) {
                HttpResponse<String> response = Http.post(invocations, "text/csv", null, TestModels.WORKSHOP_RECORD);
                assertEquals(200, response.statusCode(), "request " + i + ": " + response.body());
            }
            JsonNode capture = awaitCapture(server);
            assertEquals("stopped", capture.path("state").asText(), capture.toString());
            assertTrue(capture.path("error").asText().contains("cannot write " + captureDir)
                    && capture.path("error").asText().contains("the disk is full"), capture.toString());
            assertEquals(1, log.stream().filter(l -> l.contains("data capture stopped")).count(), log.toString());
        }
    }

    @Test
    void theStateDirTheServingProcessCreatesIsOwnerOnly() throws Exception {
        Path stateDir = tmp.resolve("new-state");
        try (ServingServer server = ServingServer.start(ServingOptions.defaults(stateDir).withLog(line -> { }))) {
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    stateDir.resolve("endpoints"))));
        }
    }

    /** An endpoint that captures every request, with a model trained in {@code stateDir}. */
    private static LocalEndpointDeployer deployCapturingAll(Path stateDir) {
        ModelRef model = new TestModels(stateDir).train("capture", 10);
        LocalEndpointDeployer deployer = new LocalEndpointDeployer(stateDir, Clock.systemUTC());
        deployer.apply(TestModels.config(ENDPOINT, "staging", model, 100));
        return deployer;
    }

    private static JsonNode awaitCapture(ServingServer server) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            HttpResponse<String> list = Http.call(server.baseUri().resolve("/endpoints"), "GET");
            JsonNode capture = JSON.readTree(list.body()).at("/endpoints/0/capture");
            if ((!capture.isMissingNode() && capture.path("skipped_records").asLong() >= 20)
                    || System.nanoTime() > deadline) {
                return capture;
            }
            Thread.sleep(20);
        }
    }
}
