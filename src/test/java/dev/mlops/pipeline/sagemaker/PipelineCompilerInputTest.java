package dev.mlops.pipeline.sagemaker;

import static dev.mlops.pipeline.sagemaker.Definitions.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlops.InputException;
import dev.mlops.spec.PipelineSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PipelineCompilerInputTest {
    static final Path GOLDEN = Path.of("src", "test", "resources", "dev", "mlops", "pipeline", "sagemaker",
            "model-build.definition.json");

    @Test
    void compilesTheSameBytesEveryTime() {
        String first = PipelineCompiler.compile(Definitions.shipped(), Definitions.options());
        String second = PipelineCompiler.compile(Definitions.shipped(), Definitions.options());
        assertEquals(first, second);
        assertTrue(first.endsWith("}\n") && !first.contains("\r") && first.contains("\n  \"Metadata\": {},\n"), first);
    }

    @Test
    void matchesTheReviewedDefinitionOfTheShippedSpec() {
        assertEquals(Definitions.read(GOLDEN), PipelineCompiler.compile(Definitions.shipped(), Definitions.options()),
                "the definition changed; review it, then regenerate " + GOLDEN + " with: ./mlops pipeline compile"
                        + " --region us-east-1 --execution-role " + Definitions.ROLE + " --s3-prefix " + Definitions.PREFIX
                        + " --out " + GOLDEN);
    }

    @Test
    void listsTheFilesToUploadWithTheGeneratedFeatureLayout() {
        List<CodeUpload> uploads = PipelineCompiler.definition(Definitions.shipped(), Definitions.options()).uploads();
        assertEquals(List.of("preprocess.py", "evaluate.py", "inference.py", "features.json"),
                uploads.stream().map(CodeUpload::name).toList());
        assertEquals(Optional.of("model-build/inference.py"), uploads.get(2).repositoryPath());
        assertEquals(Definitions.PREFIX + "/code/features.json", uploads.get(3).s3Uri());
        assertEquals(Optional.empty(), uploads.get(3).repositoryPath());
        JsonNode features = Definitions.tree(uploads.get(3).generatedContent().orElseThrow());
        assertTrue(features.toString().length() > 256, "inline, it would break SageMaker's 256-character argument limit");
        // parsed by the compiler: preprocess.py evaluates the tree and never parses an expression
        assertEquals("{\"name\":\"Temperature difference [K]\",\"expression\":\"`Process temperature [K]` -"
                + " `Air temperature [K]`\",\"tree\":{\"op\":\"-\",\"args\":[{\"column\":\"Process temperature [K]\"},"
                + "{\"column\":\"Air temperature [K]\"}]}}", features.path("derived").get(1).toString());
        ((com.fasterxml.jackson.databind.node.ObjectNode) features).remove("derived");
        assertEquals("{\"label\":\"Machine failure\",\"label_aliases\":[\"Machine_failure\"],\"drop\":[\"UDI\",\"Product ID\","
                + "\"TWF\",\"HDF\",\"PWF\",\"OSF\",\"RNF\"],\"numeric\":[\"Air temperature [K]\",\"Process temperature [K]\","
                + "\"Rotational speed [rpm]\",\"Torque [Nm]\",\"Tool wear [min]\"],\"categorical\":[{\"column\":\"Type\","
                + "\"categories\":[\"H\",\"L\",\"M\"]}]}", features.toString());
        assertTrue(features.toString().length() > 256, "inline, it would break SageMaker's 256-character argument limit");
    }

    @Test
    void keepsEachCommitsCodeApartWhenAskedTo() {
        CompileOptions options = Definitions.options().withS3(new S3Locations(Definitions.PREFIX + "/", Definitions.PREFIX + "/code/abc123"));
        CompiledPipeline compiled = PipelineCompiler.definition(Definitions.shipped(), options);
        JsonNode code = step(Definitions.tree(compiled.definition()), "Evaluate").path("Arguments").path("ProcessingInputs").get(3);
        assertEquals(Definitions.PREFIX + "/code/abc123/", code.path("S3Input").path("S3Uri").asText());
        assertEquals(Definitions.PREFIX + "/code/abc123/preprocess.py", compiled.uploads().get(0).s3Uri());
        assertFalse(compiled.definition().contains("predictive-maintenance//"), "trailing slashes are dropped");
    }

    @Test
    void picksImagesByRegionAndFrameworkVersions() {
        CompileOptions options = CompileOptions.of("eu-west-1", Definitions.ROLE, Definitions.PREFIX)
                .withFrameworks(new FrameworkVersions("1.0-1", "1.5-1"));
        JsonNode definition = Definitions.tree(PipelineCompiler.compile(Definitions.shipped(), options));
        assertEquals("141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-scikit-learn:1.0-1-cpu-py3",
                step(definition, "Preprocess").path("Arguments").path("AppSpecification").path("ImageUri").asText());
        assertEquals("141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.5-1",
                step(definition, "Train").path("Arguments").path("AlgorithmSpecification").path("TrainingImage").asText());
        assertEquals("eu-west-1", step(definition, "Register").path("Arguments").path("InferenceSpecification")
                .path("Containers").get(0).path("Environment").path("SAGEMAKER_REGION").asText());
    }

    @Test
    void usesTheSpecsImageOverridesEvenInARegionTheTableLacks() {
        PipelineSpec spec = Definitions.variant("  response_types: [application/json, text/csv]\n",
                "  response_types: [application/json, text/csv]\nimages:\n"
                        + "  sklearn: 111122223333.dkr.ecr.mx-central-1.amazonaws.com/sklearn:mine\n"
                        + "  xgboost: 111122223333.dkr.ecr.mx-central-1.amazonaws.com/xgboost:mine\n");
        JsonNode definition = Definitions.tree(PipelineCompiler.compile(spec,
                CompileOptions.of("mx-central-1", Definitions.ROLE, Definitions.PREFIX)));
        JsonNode containers = step(definition, "Register").path("Arguments").path("InferenceSpecification").path("Containers");
        assertEquals("111122223333.dkr.ecr.mx-central-1.amazonaws.com/sklearn:mine", containers.get(0).path("Image").asText());
        assertEquals("111122223333.dkr.ecr.mx-central-1.amazonaws.com/xgboost:mine", containers.get(1).path("Image").asText());
        assertEquals("111122223333.dkr.ecr.mx-central-1.amazonaws.com/xgboost:mine",
                step(definition, "Evaluate").path("Arguments").path("AppSpecification").path("ImageUri").asText());
    }

    @Test
    void rejectsARegionTheTableLacksWithoutAnOverride() {
        InputException e = assertThrows(InputException.class, () -> PipelineCompiler.compile(Definitions.shipped(),
                CompileOptions.of("mx-central-1", Definitions.ROLE, Definitions.PREFIX)));
        assertTrue(e.getMessage().startsWith("cannot find the scikit-learn image for region 'mx-central-1': the image table knows"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("set images.sklearn in the pipeline spec to an image URI to use another region"));
    }

    @Test
    void rejectsSpecsSageMakerCannotRun() {
        InputException local = assertThrows(InputException.class, () -> Definitions.compile(
                Definitions.variant("source: ${input_data}", "source: data/ai4i.csv")));
        assertTrue(local.getMessage().matches("cannot compile pipeline variant\\.yaml:\\d+:11: data\\.source: SageMaker reads"
                + " its input from S3: use an s3:// URI or a parameter, found 'data/ai4i\\.csv'"), local.getMessage());
        String longName = "p".repeat(65);
        InputException name = assertThrows(InputException.class, () -> Definitions.compile(
                Definitions.variant("  eta: {type: Float", "  " + longName + ": {type: Float, default: 1}\n  eta: {type: Float")));
        assertTrue(name.getMessage().contains("parameter '" + longName + "' has 65 characters; SageMaker allows at most 64"));
        assertEquals("s3://bucket/data.csv", Definitions.compile(Definitions.variant("source: ${input_data}",
                "source: s3://bucket/data.csv")).path("Steps").get(0).path("Arguments").path("ProcessingInputs").get(0)
                .path("S3Input").path("S3Uri").asText());
    }

    @Test
    void rejectsOptionsThatCannotWork() {
        assertEquals("cannot compile for region 'US East': expected an AWS region name like us-east-1",
                assertThrows(InputException.class, () -> CompileOptions.of("US East", Definitions.ROLE, Definitions.PREFIX)).getMessage());
        assertEquals("cannot use execution role 'SageMakerRole': expected an IAM role ARN like arn:aws:iam::123456789012:role/NAME",
                assertThrows(InputException.class, () -> CompileOptions.of("us-east-1", "SageMakerRole", Definitions.PREFIX)).getMessage());
        assertTrue(assertThrows(InputException.class, () -> CompileOptions.of("us-east-1", Definitions.ROLE, "my-bucket/p"))
                .getMessage().startsWith("cannot use S3 location 'my-bucket/p' for artifacts: expected s3://bucket"));
        assertThrows(InputException.class, () -> new FrameworkVersions("latest", "1.7-1"));
    }
}
