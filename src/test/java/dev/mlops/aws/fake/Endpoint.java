package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * An endpoint and its transitions, each taking a number of ticks: Creating then InService (or
 * Failed); Updating then InService on the new config, or RollingBack then InService on the OLD
 * config with a FailureReason (what SageMaker does after an alarm-triggered auto-rollback), or
 * UpdateRollbackFailed; SystemUpdating (SageMaker's own maintenance) then InService; Deleting.
 * A blue/green update takes one more round of ticks per traffic step after the first (a canary
 * bakes, then the rest follows; linear moves step by step).
 */
final class Endpoint {
    /** How the endpoint's next change ends. */
    enum Ending { SERVES, ROLLS_BACK, FAILS, ROLLBACK_FAILS }

    /** A scripted ending with the FailureReason it leaves. */
    record Script(Ending ending, String reason) {
        static final Script SERVES = new Script(Ending.SERVES, "");
    }

    /** An UpdateEndpoint request: the config, its DeploymentConfig, how it ends and how many traffic steps it takes. */
    record Update(String config, JsonNode deploymentConfig, Script script, int trafficSteps) {
    }

    private final String name;
    private final String arn;
    private final Instant created;
    private String status = "Creating";
    private String liveConfig;
    private Optional<String> pendingConfig = Optional.empty();
    private Optional<JsonNode> lastDeploymentConfig = Optional.empty();
    private Optional<String> failureReason = Optional.empty();
    private Instant lastModified;
    private Instant changeStarted;
    private int remaining;
    private Script script;

    Endpoint(String name, String config, Instant created, int ticks, Script script) {
        this.name = name;
        this.arn = Arns.of("endpoint", name);
        this.liveConfig = config;
        this.created = created;
        this.lastModified = created;
        this.changeStarted = created;
        this.remaining = ticks;
        this.script = script;
    }

    String name() {
        return name;
    }

    String arn() {
        return arn;
    }

    String status() {
        return status;
    }

    String liveConfig() {
        return liveConfig;
    }

    Optional<String> pendingConfig() {
        return pendingConfig;
    }

    void update(Update update, Instant now, int ticks) {
        status = "Updating";
        pendingConfig = Optional.of(update.config());
        lastDeploymentConfig = update.deploymentConfig().isObject()
                ? Optional.of(update.deploymentConfig().deepCopy()) : Optional.empty();
        script = update.script();
        changeStarted = now;
        lastModified = now;
        remaining = ticks * Math.max(1, update.trafficSteps());
    }

    /** SageMaker's own maintenance of an endpoint in service. */
    void systemUpdate(Instant now, int ticks) {
        status = "SystemUpdating";
        lastModified = now;
        remaining = ticks;
    }

    void delete(Instant now, int ticks) {
        status = "Deleting";
        lastModified = now;
        remaining = ticks;
    }

    /** A change under way ends at the next tick. */
    void hurry() {
        if (isChanging()) {
            remaining = 1;
        }
    }

    /** True once a deletion has finished and the endpoint must disappear. */
    boolean tick(Instant now, int ticks) {
        if (isChanging() && --remaining <= 0) {
            settle(now, ticks);
        }
        return "Deleted".equals(status);
    }

    private boolean isChanging() {
        return !"InService".equals(status) && !"Failed".equals(status) && !"UpdateRollbackFailed".equals(status);
    }

    ObjectNode describe(ObjectNode config) {
        ObjectNode out = Json.object();
        out.put("EndpointName", name).put("EndpointArn", arn).put("EndpointConfigName", liveConfig);
        out.put("EndpointStatus", status);
        if (!"Creating".equals(status)) {
            out.set("ProductionVariants", variants(config));
        }
        dataCapture(config).ifPresent(d -> out.set("DataCaptureConfig", d));
        failureReason.ifPresent(r -> out.put("FailureReason", r));
        out.set("CreationTime", Json.time(created));
        out.set("LastModifiedTime", Json.time(lastModified));
        lastDeploymentConfig.ifPresent(d -> out.set("LastDeploymentConfig", d.deepCopy()));
        if (pendingConfig.isPresent() && ("Updating".equals(status) || "RollingBack".equals(status))) {
            ObjectNode pending = out.putObject("PendingDeploymentSummary");
            pending.put("EndpointConfigName", pendingConfig.get()).set("StartTime", Json.time(changeStarted));
        }
        return out;
    }

    private void settle(Instant now, int ticks) {
        lastModified = now;
        switch (status) {
            case "Creating" -> end(script.ending() == Ending.FAILS ? "Failed" : "InService", script);
            case "Updating" -> {
                switch (script.ending()) {
                    case SERVES -> {
                        liveConfig = pendingConfig.orElse(liveConfig);
                        end("InService", script);
                    }
                    case FAILS -> end("Failed", script);
                    case ROLLS_BACK, ROLLBACK_FAILS -> {
                        status = "RollingBack";
                        remaining = ticks;
                        return;
                    }
                    default -> throw new IllegalStateException("no ending " + script);
                }
            }
            case "RollingBack" -> end(script.ending() == Ending.ROLLBACK_FAILS ? "UpdateRollbackFailed" : "InService", script);
            case "SystemUpdating" -> status = "InService";
            case "Deleting" -> status = "Deleted";
            default -> throw new IllegalStateException("no transition from " + status);
        }
        pendingConfig = Optional.empty();
    }

    private void end(String endStatus, Script ended) {
        status = endStatus;
        failureReason = ended.reason().isEmpty() ? Optional.empty() : Optional.of(ended.reason());
        script = Script.SERVES;
    }

    private static JsonNode variants(ObjectNode config) {
        var variants = Json.array();
        for (JsonNode variant : config.path("ProductionVariants")) {
            ObjectNode summary = variants.addObject();
            summary.put("VariantName", variant.path("VariantName").asText());
            double weight = variant.path("InitialVariantWeight").asDouble(1.0);
            summary.put("CurrentWeight", weight).put("DesiredWeight", weight);
            int count = variant.path("InitialInstanceCount").asInt(1);
            summary.put("CurrentInstanceCount", count).put("DesiredInstanceCount", count);
        }
        return variants;
    }

    private static Optional<JsonNode> dataCapture(ObjectNode config) {
        JsonNode capture = config.path("DataCaptureConfig");
        if (!capture.isObject()) {
            return Optional.empty();
        }
        ObjectNode summary = Json.object();
        boolean enabled = capture.path("EnableCapture").asBoolean(true);
        summary.put("EnableCapture", enabled).put("CaptureStatus", enabled ? "Started" : "Stopped");
        summary.put("CurrentSamplingPercentage", capture.path("InitialSamplingPercentage").asInt());
        summary.put("DestinationS3Uri", capture.path("DestinationS3Uri").asText());
        Json.copy(capture, summary, "KmsKeyId");
        return Optional.of(summary);
    }
}
