package dev.mlops.pipeline.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.spec.PipelineSpec;
import dev.mlops.spec.PipelineSpecParser;
import dev.mlops.spec.YamlNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The shipped spec, variants of it, and ways to look into a compiled definition. */
final class Definitions {
    static final Path SHIPPED = Path.of("pipelines", "model-build.yaml");
    static final String ROLE = "arn:aws:iam::123456789012:role/SageMakerPipelineRole";
    static final String PREFIX = "s3://my-bucket/predictive-maintenance";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Definitions() {
    }

    static CompileOptions options() {
        return CompileOptions.of("us-east-1", ROLE, PREFIX);
    }

    static PipelineSpec shipped() {
        return PipelineSpecParser.read(SHIPPED);
    }

    /** The shipped spec with registration.auto_approve enabled for a dev group. */
    static PipelineSpec autoApproving() {
        return variant("  model_package_group: end-to-end-ml-sm-model-package-group\n",
                "  model_package_group: end-to-end-ml-sm-model-package-group\n"
                        + "  auto_approve: {enabled: true, reason: \"dev group: every build goes to the dev endpoint\"}\n");
    }

    /** The shipped spec with each {@code replacements[i]} replaced by {@code replacements[i + 1]}. */
    static PipelineSpec variant(String... replacements) {
        String text = read(SHIPPED);
        for (int i = 0; i < replacements.length; i += 2) {
            if (!text.contains(replacements[i])) {
                throw new IllegalArgumentException("the shipped spec has no '" + replacements[i] + "'");
            }
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        return PipelineSpecParser.parse(YamlNode.parse(text, "variant.yaml"));
    }

    static JsonNode compile(PipelineSpec spec) {
        return tree(PipelineCompiler.compile(spec, options()));
    }

    static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every step, nested ones (in a condition's IfSteps and ElseSteps) right after their condition. */
    static List<JsonNode> steps(JsonNode definition) {
        List<JsonNode> steps = new ArrayList<>();
        collect(definition.path("Steps"), steps);
        return steps;
    }

    static JsonNode step(JsonNode definition, String name) {
        return find(definition, name).orElseThrow(() -> new AssertionError("no step " + name));
    }

    static Optional<JsonNode> find(JsonNode definition, String name) {
        return steps(definition).stream().filter(s -> s.path("Name").asText().equals(name)).findFirst();
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode list, List<JsonNode> out) {
        for (JsonNode step : list) {
            out.add(step);
            collect(step.path("Arguments").path("IfSteps"), out);
            collect(step.path("Arguments").path("ElseSteps"), out);
        }
    }
}
