package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;

/**
 * An endpoint: Creating/Updating take a number of ticks; an update marked for rollback goes
 * RollingBack and ends InService on its OLD endpoint config, which is exactly what SageMaker does
 * after an alarm-triggered auto-rollback.
 */
final class Endpoint {
    private final String name;
    private final String arn;
    private final Instant created;
    private String status = "Creating";
    private String liveConfig;
    private Optional<String> pendingConfig = Optional.empty();
    private Optional<JsonNode> lastDeploymentConfig = Optional.empty();
    private Instant lastModified;
    private Instant changeStarted;
    private int remaining;
    private boolean rollBack;

    Endpoint(String name, String config, Instant created, int ticks) {
        this.name = name;
        this.arn = Arns.of("endpoint", name);
        this.liveConfig = config;
        this.created = created;
        this.lastModified = created;
        this.changeStarted = created;
        this.remaining = ticks;
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

    /** An UpdateEndpoint request; {@code rollBack} makes it end on the old config. */
    record Update(String config, JsonNode deploymentConfig, boolean rollBack) {
    }

    void update(Update update, Instant now, int ticks) {
        status = "Updating";
        pendingConfig = Optional.of(update.config());
        lastDeploymentConfig = update.deploymentConfig().isObject()
                ? Optional.of(update.deploymentConfig().deepCopy()) : Optional.empty();
        rollBack = update.rollBack();
        changeStarted = now;
        lastModified = now;
        remaining = ticks;
    }

    void delete(Instant now, int ticks) {
        status = "Deleting";
        lastModified = now;
        remaining = ticks;
    }

    /** True once a deletion has finished and the endpoint must disappear. */
    boolean tick(Instant now, int ticks) {
        if (!"InService".equals(status) && --remaining <= 0) {
            settle(now, ticks);
        }
        return "Deleted".equals(status);
    }

    ObjectNode describe(ObjectNode config) {
        ObjectNode out = Json.object();
        out.put("EndpointName", name).put("EndpointArn", arn).put("EndpointConfigName", liveConfig);
        out.put("EndpointStatus", status);
        if (!"Creating".equals(status)) {
            out.set("ProductionVariants", variants(config));
        }
        dataCapture(config).ifPresent(d -> out.set("DataCaptureConfig", d));
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
            case "Creating" -> status = "InService";
            case "Updating" -> {
                if (rollBack) {
                    status = "RollingBack";
                    remaining = ticks;
                    return;
                }
                liveConfig = pendingConfig.orElse(liveConfig);
                status = "InService";
            }
            case "RollingBack" -> status = "InService";
            case "Deleting" -> status = "Deleted";
            default -> throw new IllegalStateException("no transition from " + status);
        }
        pendingConfig = Optional.empty();
        rollBack = false;
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
