package dev.mlops.aws;

import dev.mlops.deploy.EndpointConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.sagemaker.model.Tag;

/**
 * The tags the deployer puts on what it creates, so a person in the console sees why a model,
 * endpoint config or endpoint exists, and the two on the endpoint that remember the update this
 * controller last asked for: {@value #REQUESTED} (the config requested) and {@value #PREVIOUS}
 * (the config that served when it was requested). SageMaker itself forgets the requested config
 * once an update rolls back, so without them a rollback would read as a plain InService.
 */
final class EndpointTags {
    static final String ENVIRONMENT = "mlops:environment";
    static final String MODEL_PACKAGE = "mlops:model-package";
    static final String DESIRED_COMMIT = "mlops:desired-commit";
    static final String ENDPOINT = "mlops:endpoint";
    static final String REQUESTED = "mlops:requested-config";
    static final String PREVIOUS = "mlops:previous-config";
    private static final int MAX_VALUE = 256;

    private EndpointTags() {
    }

    /** Environment, model package, endpoint and the desired-state commit: on the model and the endpoint config. */
    static List<Tag> provenance(EndpointConfig config, String desiredCommit) {
        List<Tag> tags = new ArrayList<>();
        tags.add(tag(ENVIRONMENT, config.env()));
        tags.add(tag(MODEL_PACKAGE, config.model().arn()));
        tags.add(tag(ENDPOINT, config.endpointName()));
        if (!desiredCommit.isBlank()) {
            tags.add(tag(DESIRED_COMMIT, desiredCommit));
        }
        return tags;
    }

    /** The provenance plus the request: on the endpoint, at creation and after every update. */
    static List<Tag> request(EndpointConfig config, String desiredCommit, Optional<String> previous) {
        List<Tag> tags = new ArrayList<>(provenance(config, desiredCommit));
        tags.add(tag(REQUESTED, config.configName()));
        previous.ifPresent(p -> tags.add(tag(PREVIOUS, p)));
        return tags;
    }

    static Optional<String> get(Map<String, String> tags, String key) {
        return Optional.ofNullable(tags.get(key)).filter(v -> !v.isBlank());
    }

    private static Tag tag(String key, String value) {
        String safe = value.length() > MAX_VALUE ? value.substring(0, MAX_VALUE) : value;
        return Tag.builder().key(key).value(safe).build();
    }
}
