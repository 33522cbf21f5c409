package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlops.deploy.DeploymentPolicy;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.deploy.ModelRef;
import dev.mlops.spec.CaptureLimits;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointJsonTest {
    private static final ModelRef MODEL = new ModelRef("shop", 4, "arn:aws:sagemaker:local:000000000000:model-package/shop/4",
            Map.of(ModelRef.FEATURIZER, "s3://b/f.json", ModelRef.MODEL, "s3://b/m.json"));

    @Test
    void captureLimitsSurviveTheConfigFile() {
        EndpointConfig config = new EndpointConfig("e", "staging", MODEL, "ml.m5.large", 1, 100,
                DeploymentPolicy.allAtOnce(), CaptureLimits.of(16, 4, 40, 15));
        assertEquals(config, EndpointJson.config(EndpointJson.config(config), "config.json"));
    }

    @Test
    void aConfigWrittenBeforeCaptureLimitsGetsTheDefaults() {
        EndpointConfig config = new EndpointConfig("e", "staging", MODEL, "ml.m5.large", 1, 100,
                DeploymentPolicy.allAtOnce());
        ObjectNode old = EndpointJson.config(config);
        old.remove("data_capture_limits");
        assertEquals(CaptureLimits.DEFAULTS, EndpointJson.config(old, "config.json").captureLimits());
        assertEquals(config.configName(), EndpointJson.config(old, "config.json").derivedConfigName());
    }
}
