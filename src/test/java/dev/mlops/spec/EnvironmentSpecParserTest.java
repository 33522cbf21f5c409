package dev.mlops.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.registry.ModelPackageRef;
import dev.mlops.spec.EnvironmentSpec.CapacitySize;
import dev.mlops.spec.EnvironmentSpec.CapacityType;
import dev.mlops.spec.EnvironmentSpec.Strategy;
import dev.mlops.spec.EnvironmentSpec.TrafficRouting;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvironmentSpecParserTest {
    static final Path STAGING = Path.of("model-deploy", "environments", "staging.yaml");
    static final Path PROD = Path.of("model-deploy", "environments", "prod.yaml");
    static final String FILE = "environments/staging.yaml";

    @Test
    void readsTheShippedStagingFile() {
        EnvironmentSpec spec = EnvironmentSpecParser.read(STAGING);
        assertEquals("staging", spec.name());
        assertEquals("predictive-maintenance", spec.project());
        assertEquals(Optional.empty(), spec.modelPackage());
        assertEquals("predictive-maintenance-staging", spec.endpoint().name());
        assertEquals("ml.m5.large", spec.endpoint().instanceType());
        assertEquals(100, spec.dataCapture().samplingPercentage());
        assertTrue(spec.dataCapture().enabled());
        assertEquals(TrafficRouting.ALL_AT_ONCE, spec.deployment().trafficRouting());
        assertEquals("tests/smoke/staging.yaml", spec.smoke().orElseThrow().suite());
        assertEquals(Optional.empty(), spec.promotion());
    }

    @Test
    void readsTheShippedProdFileWithACanaryAndAPromotionRule() {
        EnvironmentSpec spec = EnvironmentSpecParser.read(PROD);
        assertEquals("predictive-maintenance-prod", spec.endpoint().name());
        assertEquals(2, spec.endpoint().instanceCount());
        assertEquals(80, spec.dataCapture().samplingPercentage());
        assertEquals(Strategy.BLUE_GREEN, spec.deployment().strategy());
        assertEquals(TrafficRouting.CANARY, spec.deployment().trafficRouting());
        assertEquals(Optional.of(new CapacitySize(CapacityType.INSTANCE_COUNT, 1)), spec.deployment().canarySize());
        assertEquals(10, spec.deployment().waitIntervalSeconds());
        assertEquals(60, spec.deployment().terminationWaitSeconds());
        assertEquals(1800, spec.deployment().maximumExecutionTimeoutSeconds());
        assertEquals("staging", spec.promotion().orElseThrow().from());
        assertTrue(spec.promotion().orElseThrow().requiresApprover());
    }

    @Test
    void aFileWithOnlyANameGetsTheDefaults() {
        EnvironmentSpec spec = parse("name: staging\n");
        assertEquals("predictive-maintenance", spec.project());
        assertEquals("predictive-maintenance-staging", spec.endpoint().name());
        assertEquals("ml.m5.large", spec.endpoint().instanceType());
        assertEquals(1, spec.endpoint().instanceCount());
        assertTrue(spec.dataCapture().enabled());
        assertEquals(100, spec.dataCapture().samplingPercentage());
        assertEquals(TrafficRouting.ALL_AT_ONCE, spec.deployment().trafficRouting());
        assertEquals(List.of(), spec.deployment().alarms());
        assertEquals(Optional.empty(), spec.modelPackage());
        assertEquals(Optional.empty(), spec.smoke());
    }

    @Test
    void theEndpointIsNamedAfterTheProjectUnlessNamed() {
        assertEquals("churn-staging", parse("name: staging\nproject: churn\n").endpoint().name());
        assertEquals("my-ep", parse("name: staging\nproject: churn\nendpoint: {name: my-ep}\n").endpoint().name());
    }

    @Test
    void readsTheModelPackageInEveryForm() {
        ModelPackageRef three = new ModelPackageRef("g", 3);
        assertEquals(Optional.of(three), parse("name: staging\nmodel_package:\n  group: g\n  version: 3\n")
                .modelPackage());
        assertEquals(Optional.of(three), parse("name: staging\nmodel_package: {group: g, version: '3'}\n")
                .modelPackage());
        assertEquals(Optional.empty(), parse("name: staging\nmodel_package: null\n").modelPackage());
        assertEquals(Optional.empty(), parse("name: staging\nmodel_package:\n").modelPackage());
        assertEquals(Optional.empty(), parse("name: staging\nmodel_package: {group: g, version: ~}\n").modelPackage());
    }

    @Test
    void aVersionNeedsAGroup() {
        String message = error("name: staging\nmodel_package:\n  version: 3\n");
        assertTrue(message.contains(FILE + ":3:3: model_package: missing required key 'group'"), message);
    }

    @Test
    void rejectsAVersionBelowOneAndABadGroup() {
        assertTrue(error("name: staging\nmodel_package: {group: g, version: 0}\n")
                .contains("model_package.version: a model package version is 1 or more"));
        String message = error("name: staging\nmodel_package: {group: -bad, version: 1}\n");
        assertTrue(message.contains(FILE + ":2:24: model_package.group:"), message);
    }

    @Test
    void malformedYamlNamesFileLineAndColumn() {
        String message = error("name: staging\nendpoint: [a, b\n");
        assertTrue(message.matches("cannot parse spec " + FILE + ":\\d+:\\d+: malformed YAML.*"), message);
    }

    @Test
    void unknownKeyIsNamedWithTheClosestValidOne() {
        String message = error("name: staging\nendpoint:\n  instance_typ: ml.m5.large\n");
        assertTrue(message.contains(FILE + ":3:3: endpoint.instance_typ: unknown key 'instance_typ'"
                + " (did you mean 'instance_type'?)"), message);
        assertTrue(error("name: staging\ndata_captur: {}\n").contains("(did you mean 'data_capture'?)"));
    }

    @Test
    void theNameMustMatchTheFile() {
        String message = error("name: prod\n");
        assertTrue(message.contains(FILE + ":1:7: name: the file staging.yaml must declare name 'staging', found 'prod'"),
                message);
    }

    @Test
    void rejectsACanaryLargerThanHalfTheFleet() {
        String fleet = "name: staging\nendpoint: {instance_count: 2}\ndeployment:\n  traffic_routing: CANARY\n";
        String message = error(fleet + "  canary_size: {type: INSTANCE_COUNT, value: 2}\n");
        assertTrue(message.contains(FILE + ":5:46: deployment.canary_size.value: a canary of 2 instance(s) is more than"
                + " 50% of endpoint.instance_count 2"), message);
        message = error(fleet + "  canary_size: {type: CAPACITY_PERCENT, value: 60}\n");
        assertTrue(message.contains("deployment.canary_size.value: must be in [1, 50], found 60"), message);
        assertEquals(Optional.of(new CapacitySize(CapacityType.CAPACITY_PERCENT, 50)),
                parse(fleet + "  canary_size: {type: capacity_percent, value: 50}\n").deployment().canarySize());
    }

    @Test
    void aSizeMustMatchTheTrafficRouting() {
        assertTrue(error("name: staging\ndeployment:\n  traffic_routing: CANARY\n")
                .contains("deployment: traffic_routing CANARY needs canary_size {type, value}"));
        assertTrue(error("name: staging\ndeployment:\n  linear_step_size: {type: CAPACITY_PERCENT, value: 20}\n")
                .contains("deployment.linear_step_size: linear_step_size applies only when traffic_routing is LINEAR"));
    }

    @Test
    void aLinearStepIsTenToFiftyPercent() {
        String linear = "name: staging\nendpoint: {instance_count: 20}\ndeployment:\n  traffic_routing: LINEAR\n";
        assertTrue(error(linear + "  linear_step_size: {type: CAPACITY_PERCENT, value: 5}\n")
                .contains("must be in [10, 50], found 5"));
        assertTrue(error(linear + "  linear_step_size: {type: INSTANCE_COUNT, value: 1}\n")
                .contains("less than 10% of endpoint.instance_count 20"));
        assertEquals(2, parse(linear + "  linear_step_size: {type: INSTANCE_COUNT, value: 2}\n")
                .deployment().linearStepSize().orElseThrow().value());
    }

    @Test
    void misspeltRoutingGetsTheClosestValue() {
        String message = error("name: staging\ndeployment: {traffic_routing: CANNARY}\n");
        assertTrue(message.contains("deployment.traffic_routing: unknown value 'CANNARY' (did you mean 'CANARY'?);"
                + " valid values are: ALL_AT_ONCE, CANARY, LINEAR"), message);
        assertTrue(error("name: staging\ndeployment: {strategy: rolling}\n").contains("valid values are: BLUE_GREEN"));
    }

    @Test
    void rangesNameTheField() {
        assertTrue(error("name: staging\ndata_capture: {sampling_percentage: 101}\n")
                .contains(FILE + ":2:37: data_capture.sampling_percentage: must be in [0, 100], found 101"));
        assertTrue(error("name: staging\ndeployment: {wait_interval_seconds: 3601}\n")
                .contains("deployment.wait_interval_seconds: must be in [0, 3600]"));
        assertTrue(error("name: staging\nendpoint: {instance_count: 0}\n").contains("endpoint.instance_count: must be"));
        assertTrue(error("name: staging\nendpoint: {instance_type: m5.large}\n").contains("endpoint.instance_type:"));
    }

    @Test
    void theTimeoutMustOutlastTheWaits() {
        String message = error("name: staging\ndeployment:\n  wait_interval_seconds: 600\n"
                + "  termination_wait_seconds: 300\n"
                + "  maximum_execution_timeout_seconds: 900\n");
        assertTrue(message.contains("deployment.maximum_execution_timeout_seconds: the maximum execution timeout (900 s)"
                + " must be longer than wait_interval_seconds + termination_wait_seconds (900 s)"), message);
    }

    @Test
    void checksAlarms() {
        assertEquals(List.of("a", "b"), parse("name: staging\ndeployment: {alarms: [a, b]}\n").deployment().alarms());
        assertTrue(error("name: staging\ndeployment: {alarms: [a, a]}\n").contains("alarm 'a' is listed twice"));
        assertTrue(error("name: staging\ndeployment: {alarms: [a,b,c,d,e,f,g,h,i,j,k]}\n")
                .contains("at most 10 rollback alarms, found 11"));
    }

    @Test
    void checksPromotionAndSmoke() {
        assertTrue(error("name: staging\npromotion: {from: staging}\n")
                .contains("promotion.from: an environment cannot be promoted from itself"));
        assertFalse(parse("name: staging\npromotion: {from: dev, requires_approver: false}\n")
                .promotion().orElseThrow().requiresApprover());
        assertTrue(error("name: staging\nsmoke: {suite: /etc/passwd}\n")
                .contains("smoke.suite: expected a relative path"));
        assertTrue(error("name: staging\nsmoke: {suite: ../x.yaml}\n").contains("smoke.suite:"));
    }

    @Test
    void readsHowTheApiAuthorisesCallers() {
        String url = "https://abc123.execute-api.us-east-1.amazonaws.com/staging/predict";
        EnvironmentSpec.Api open = parse("name: staging\napi: {url: " + url + "}\n").api().orElseThrow();
        assertEquals(new EnvironmentSpec.Api(url, EnvironmentSpec.Auth.NONE, Optional.empty()), open);

        EnvironmentSpec.Api guarded = parse("name: staging\napi:\n  url: " + url + "\n  auth: iam\n"
                + "  api_key_env: STAGING_API_KEY\n").api().orElseThrow();
        assertEquals(EnvironmentSpec.Auth.IAM, guarded.auth());
        assertEquals(Optional.of("STAGING_API_KEY"), guarded.apiKeyEnv());
    }

    @Test
    void refusesAnUnknownAuthAndAKeyWrittenInTheFile() {
        String url = "https://abc123.execute-api.us-east-1.amazonaws.com/staging/predict";
        String auth = error("name: staging\napi:\n  url: " + url + "\n  auth: sigv4\n");
        assertTrue(auth.contains(FILE + ":4") && auth.contains("api.auth: expected none (an open API) or iam"), auth);
        String key = error("name: staging\napi: {url: " + url + ", api_key_env: 'k3y-Abc/123='}\n");
        assertTrue(key.contains("api.api_key_env: expected the name of the environment variable"), key);
        assertFalse(key.contains("k3y-Abc/123="), "a key written in the file is not echoed: " + key);
        assertTrue(error("name: staging\napi: {url: " + url + ", key: X}\n").contains("unknown key 'key'"));
    }

    private static EnvironmentSpec parse(String text) {
        return EnvironmentSpecParser.parse(text, FILE);
    }

    @Test
    void captureLimitsDefaultWhenLeftOut() {
        EnvironmentSpec spec = parse("name: staging\ndata_capture: {sampling_percentage: 50}\n");
        assertEquals(CaptureLimits.DEFAULTS, spec.dataCapture().limits());
        assertEquals(64 * 1024, spec.dataCapture().limits().maxPayloadBytes());
        assertEquals(256L << 20, spec.dataCapture().limits().maxTotalBytes());
        assertEquals(Duration.ofMinutes(60), spec.dataCapture().limits().rotateAfter());
    }

    @Test
    void readsCaptureLimits() {
        CaptureLimits limits = parse("name: staging\ndata_capture:\n  max_payload_kb: 16\n  max_file_mb: 4\n"
                + "  max_total_mb: 40\n  rotate_minutes: 15\n").dataCapture().limits();
        assertEquals(new CaptureLimits(16 * 1024, 4L << 20, 40L << 20, Duration.ofMinutes(15)), limits);
    }

    @Test
    void captureLimitErrorsNameTheLine() {
        assertTrue(error("name: staging\ndata_capture:\n  max_payload_kb: 0\n")
                .contains(FILE + ":3:19: data_capture.max_payload_kb: must be in [1, 6144], found 0"));
        assertTrue(error("name: staging\ndata_capture:\n  max_file_mb: 8\n  max_total_mb: 4\n")
                .contains(FILE + ":4:17: data_capture.max_total_mb: the cap must hold at least one file (max_file_mb 8),"
                        + " found 4"));
        String message = error("name: staging\ndata_capture:\n  max_payload_kb: 6144\n  max_file_mb: 2\n");
        assertTrue(message.contains(FILE + ":4:16: data_capture.max_file_mb: a capture file must hold one record"
                + " (two bodies of max_payload_kb 6144): at least 13, found 2"), message);
        assertTrue(error("name: staging\ndata_capture: {rotate_minutes: 0}\n").contains("data_capture.rotate_minutes:"));
        assertTrue(error("name: staging\ndata_capture: {max_totl_mb: 1}\n").contains("(did you mean 'max_total_mb'?)"));
    }

    @Test
    void theShippedFilesUseTheDefaultCaptureLimits() {
        assertEquals(CaptureLimits.DEFAULTS, EnvironmentSpecParser.read(STAGING).dataCapture().limits());
        assertEquals(CaptureLimits.DEFAULTS, EnvironmentSpecParser.read(PROD).dataCapture().limits());
    }

    private static String error(String text) {
        return assertThrows(SpecException.class, () -> parse(text)).getMessage();
    }
}
