package dev.mlops.pipeline.sagemaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.mlops.spec.PipelineSpec;
import dev.mlops.spec.PipelineSpecParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validates compiled definitions against the official SageMaker pipeline definition schema. That
 * schema lags the service (see {@link SchemaCompletion}); the definitions must validate once it is
 * completed with exactly those constructs, and each completion must be needed.
 */
class DefinitionSchemaTest {
    private static final String NAME = "sagemaker-pipeline-definition.schema.json";
    private static JsonNode official;

    @BeforeAll
    static void readSchema() {
        Optional<Path> file = Stream.of(Path.of("..", "shared", "schemas", NAME), Path.of("/work/shared/schemas", NAME))
                .filter(Files::isRegularFile).findFirst();
        Assumptions.assumeTrue(file.isPresent(), "skipped: " + NAME + " is not in ../shared/schemas (nor /work/shared/schemas)");
        official = Definitions.tree(Definitions.read(file.get()));
    }

    @Test
    void shippedDefinitionValidatesAgainstTheCompletedOfficialSchema() {
        assertEquals(Set.of(), errors(Definitions.shipped(), EnumSet.allOf(SchemaCompletion.class)));
    }

    @Test
    void variantsValidateToo() {
        Map<String, PipelineSpec> variants = Map.of(
                "no gate", Definitions.variant("  quality_gate:\n    - metric: auc\n      min: ${min_auc}\n"
                        + "    - metric: recall\n      min: ${min_recall}\n    - metric: f1\n      min: ${min_f1}\n", ""),
                "literals", Definitions.variant("eta: ${eta}", "eta: 0.2", "instance_type: ${training_instance_type}",
                        "instance_type: ml.m5.large", "      min: ${min_auc}", "      min: 0.7\n      max: 0.999"),
                "auto-approving", Definitions.autoApproving(),
                "pipelines/workshop.yaml", PipelineSpecParser.read(Path.of("pipelines", "workshop.yaml")),
                "image overrides", Definitions.variant("  response_types: [application/json, text/csv]\n",
                        "  response_types: [application/json, text/csv]\nimages:\n  sklearn: example.com/sk:1\n"
                                + "  xgboost: example.com/xgb:1\n"));
        variants.forEach((name, spec) -> assertEquals(Set.of(), errors(spec, EnumSet.allOf(SchemaCompletion.class)), name));
    }

    @Test
    void everyCompletionOfTheOfficialSchemaIsNeeded() {
        for (SchemaCompletion left : SchemaCompletion.values()) {
            EnumSet<SchemaCompletion> others = EnumSet.allOf(SchemaCompletion.class);
            others.remove(left);
            assertFalse(errors(Definitions.shipped(), others).isEmpty() && errors(Definitions.autoApproving(), others).isEmpty(),
                    "the shipped and auto-approving definitions validate without " + left + ": drop it from SchemaCompletion");
        }
    }

    @Test
    void theOfficialSchemaAsPublishedAcceptsTheDefinitionWithTheGapsCut() {
        ObjectNode definition = (ObjectNode) cutFunctions(Definitions.compile(Definitions.shipped()));
        JsonNode register = Definitions.step(definition, "Register");
        ((ObjectNode) register.path("Arguments")).remove("ModelApprovalStatus");
        register.path("Arguments").path("InferenceSpecification").path("Containers")
                .forEach(container -> ((ObjectNode) container).remove("Environment"));
        ((ObjectNode) Definitions.step(definition, "Evaluate")).remove("PropertyFiles");
        assertEquals(Set.of(), validate(official, definition),
                "apart from the completed constructs, the definition follows the official schema as published");
    }

    /** The definition with each Std:Join replaced by its first value and each Std:JsonGet by its property file. */
    private static JsonNode cutFunctions(JsonNode node) {
        if (node.isObject() && node.size() == 1 && node.has("Std:Join")) {
            return cutFunctions(node.get("Std:Join").get("Values").get(0));
        }
        if (node.isObject() && node.size() == 1 && node.has("Std:JsonGet")) {
            return node.get("Std:JsonGet").get("PropertyFile");
        }
        if (node.isContainerNode()) {
            JsonNode copy = node.deepCopy();
            if (copy.isObject()) {
                node.properties().forEach(f -> ((ObjectNode) copy).set(f.getKey(), cutFunctions(f.getValue())));
            } else {
                for (int i = 0; i < node.size(); i++) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) copy).set(i, cutFunctions(node.get(i)));
                }
            }
            return copy;
        }
        return node;
    }

    private static Set<String> errors(PipelineSpec spec, Set<SchemaCompletion> completions) {
        return validate(SchemaCompletion.complete(official, completions), Definitions.compile(spec));
    }

    private static Set<String> validate(JsonNode schema, JsonNode definition) {
        ObjectNode copy = schema.deepCopy();
        // the file names no draft ("http://json-schema.org/schema#"); its keywords are draft-07's
        copy.put("$schema", "http://json-schema.org/draft-07/schema#");
        JsonSchema validator = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(copy);
        Set<ValidationMessage> messages = validator.validate(definition);
        return Set.copyOf(messages.stream().map(ValidationMessage::getMessage).limit(20).toList());
    }
}
