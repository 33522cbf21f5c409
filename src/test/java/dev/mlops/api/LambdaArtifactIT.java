package dev.mlops.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Lambda package as built by {@code mvn package} ({@code target/mlops-lambda.zip}): small,
 * free of what only the CLI needs, and able to answer an API Gateway event on its own, in a fresh
 * JVM whose classpath is the package alone, against a local stand-in for the SageMaker Runtime.
 */
class LambdaArtifactIT {
    private static final String ENDPOINT = "predictive-maintenance-staging";
    private static final String VARIANT = "v3-0123456789ab";
    private static final String RECORD = "L,298.4,308.2,1582,70.7,216";
    /** Lambda's limits for a deployment package: 50 MB zipped when uploaded directly, 250 MB unzipped. */
    private static final long LAMBDA_ZIPPED_LIMIT = 50 * LambdaPackage.MB;
    private static final long LAMBDA_UNZIPPED_LIMIT = 250 * LambdaPackage.MB;
    /** Ours: a budget well under the limits, so a dependency creeping in fails here first. */
    private static final long BUDGET = 15 * LambdaPackage.MB;
    private static final List<String> FORBIDDEN = List.of("ml/dmlc/", "org/eclipse/jgit/", "org/sqlite/", "picocli/",
            "org/yaml/snakeyaml/", "scala/", "org/apache/http/", "io/netty/", "org/apache/sshd/",
            "software/amazon/awssdk/services/sagemaker/", "software/amazon/awssdk/services/s3/",
            "software/amazon/awssdk/services/sts/", "software/amazon/awssdk/http/apache/",
            "software/amazon/awssdk/http/nio/");

    @TempDir
    static Path work;
    static LambdaPackage lambda;
    static String classpath;
    static Path driver;

    @BeforeAll
    static void unpack() throws Exception {
        if (!Files.isRegularFile(LambdaPackage.DEFAULT)) {
            return;
        }
        lambda = new LambdaPackage(LambdaPackage.DEFAULT);
        classpath = lambda.unpack(Files.createDirectory(work.resolve("task")));
        driver = LambdaPackage.driverOnly(Files.createDirectory(work.resolve("driver")));
    }

    /** Each test reports the skip, with the reason, when the package was not built. */
    @BeforeEach
    void requirePackage() {
        Assumptions.assumeTrue(lambda != null,
                "no " + LambdaPackage.DEFAULT + ": it is built by mvn package (skipped with -Dlambda.skip)");
    }

    @Test
    void fitsLambdasLimitsWithRoomToSpare() throws Exception {
        long zipped = lambda.zippedBytes();
        long unzipped = lambda.unzippedBytes();
        assertTrue(zipped < LAMBDA_ZIPPED_LIMIT && unzipped < LAMBDA_UNZIPPED_LIMIT, zipped + " / " + unzipped);
        assertTrue(zipped < BUDGET, "the Lambda package grew to " + zipped / LambdaPackage.MB
                + " MB; did a CLI dependency get into src/lambda/assembly.xml?");
    }

    @Test
    void holdsOnlyTheApiPackageAndItsLibraries() throws Exception {
        for (String entry : lambda.entries()) {
            String inner = entry.contains("!/") ? entry.substring(entry.indexOf("!/") + 2) : entry;
            assertTrue(entry.startsWith("lib/") || entry.startsWith("dev/mlops/api/") || List.of("dev/", "dev/mlops/")
                    .contains(entry), "unexpected entry at the package's root: " + entry);
            assertTrue(!entry.startsWith("lib/") || entry.contains("!/") || entry.equals("lib/") || entry.endsWith(".jar"),
                    entry);
            assertTrue(FORBIDDEN.stream().noneMatch(inner::startsWith), "the Lambda package must not hold " + entry);
            assertTrue(!inner.startsWith("dev/mlops/") || inner.startsWith("dev/mlops/api/") || inner.equals("dev/mlops/"),
                    "only dev.mlops.api belongs in the Lambda package: " + entry);
            String lower = inner.toLowerCase(Locale.ROOT);
            assertTrue(!lower.endsWith(".so") && !lower.endsWith(".dll") && !lower.endsWith(".dylib") && !lower.endsWith(".jnilib"),
                    "no native libraries: " + entry);
        }
        assertTrue(lambda.entries().contains("dev/mlops/api/PredictFunction.class"));
    }

    @Test
    void answersAnApiGatewayEventFromThePackageAlone() throws Exception {
        try (RuntimeStandIn runtime = RuntimeStandIn.start(ENDPOINT, VARIANT)) {
            HandlerRun run = HandlerRun.invoke(classpath, driver, ENDPOINT, runtime.uri(), List.of("POST", "text/csv", RECORD));
            assertEquals(200, run.status(), run.body());
            assertEquals(RuntimeStandIn.predictions(List.of(RECORD)), run.body());
            assertEquals("application/json", run.headers().get("Content-Type"));
            assertEquals(ENDPOINT, run.headers().get("X-Mlops-Endpoint"));
            assertEquals(VARIANT, run.headers().get("X-Mlops-Variant"), "the answering variant is passed on");
            assertEquals("*", run.headers().get("Access-Control-Allow-Origin"));

            RuntimeStandIn.Received call = runtime.received().get(0);
            assertEquals("POST", call.method());
            assertEquals("/endpoints/" + ENDPOINT + "/invocations", call.path());
            assertEquals("text/csv", call.headers().get("content-type"));
            assertEquals(RECORD, call.body());
            assertTrue(call.headers().getOrDefault("authorization", "")
                    .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), "signed with the function's credentials: " + call.headers());
            assertTrue(call.headers().get("authorization").contains("/eu-west-1/sagemaker/aws4_request"), call.headers().toString());
            assertEquals("session-token-example", call.headers().get("x-amz-security-token"));
        }
    }

    @Test
    void refusesAMalformedRecordWithoutCallingTheEndpoint() throws Exception {
        try (RuntimeStandIn runtime = RuntimeStandIn.start(ENDPOINT, VARIANT)) {
            HandlerRun run = HandlerRun.invoke(classpath, driver, ENDPOINT, runtime.uri(), List.of("POST", "text/csv", "L,298.4"));
            assertEquals(400, run.status(), run.body());
            assertTrue(run.body().contains("expected 6 fields"), run.body());
            assertEquals(List.of(), runtime.received());
        }
    }
}
