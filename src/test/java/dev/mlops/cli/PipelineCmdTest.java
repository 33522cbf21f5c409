package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineCmdTest {
    static final String ROLE = "arn:aws:iam::123456789012:role/SageMakerPipelineRole";
    static final String PREFIX = "s3://my-bucket/predictive-maintenance";
    static final Path GOLDEN = Path.of("src", "test", "resources", "dev", "mlops", "pipeline", "sagemaker",
            "model-build.definition.json");

    @TempDir
    Path dir;

    @Test
    void writesTheDefinitionToTheOutFileAndSaysWhatToUpload() throws Exception {
        Path out = dir.resolve("build/definition.json");
        CliRun run = CliRun.of("pipeline", "compile", "--region", "us-east-1", "--execution-role", ROLE,
                "--s3-prefix", PREFIX, "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(GOLDEN), Files.readString(out), "the documented way to regenerate the golden file");
        assertTrue(run.out().startsWith("Wrote " + out + ": pipeline predictive-maintenance-build, steps Preprocess, Train,"
                + " Evaluate, QualityGate, Register, GateFailed, 17 parameters\n"), run.out());
        assertTrue(run.out().contains("  model-build/preprocess.py -> " + PREFIX + "/code/preprocess.py\n")
                && run.out().contains("  (generated) features.json -> " + PREFIX + "/code/features.json\n"), run.out());
    }

    @Test
    void printsOnlyTheDefinitionWithoutOut() throws Exception {
        CliRun run = CliRun.of("pipeline", "compile", "--region", "us-east-1", "--execution-role", ROLE, "--s3-prefix", PREFIX);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(GOLDEN), run.out());
    }

    @Test
    void printsOneJsonObjectWithTheDefinitionStepsParametersAndUploads() throws Exception {
        CliRun run = CliRun.of("--output", "json", "pipeline", "compile", "--region", "eu-west-1", "--execution-role", ROLE,
                "--s3-prefix", PREFIX);
        assertEquals(0, run.exitCode(), run.err());
        Map<String, Object> json = run.json();
        assertEquals("predictive-maintenance-build", json.get("pipeline"));
        assertEquals(List.of("Preprocess", "Train", "Evaluate", "QualityGate", "Register", "GateFailed"), json.get("steps"));
        assertEquals(17, ((List<?>) json.get("parameters")).size());
        assertEquals(Map.of("name", "inference.py", "s3_uri", PREFIX + "/code/inference.py", "source", "model-build/inference.py"),
                ((List<?>) json.get("uploads")).get(2));
        JsonNode definition = new ObjectMapper().valueToTree(json.get("definition"));
        assertEquals("2020-12-01", definition.path("Version").asText());
        assertTrue(definition.path("Steps").get(0).path("Arguments").path("AppSpecification").path("ImageUri").asText()
                .startsWith("141502667606.dkr.ecr.eu-west-1.amazonaws.com/"));
    }

    @Test
    void reportsMissingSettingsAndUnknownRegionsAsInputErrors() {
        CliRun missing = CliRun.of("--output", "json", "pipeline", "compile", "--region", "us-east-1", "--s3-prefix", PREFIX,
                "--execution-role", "");
        assertEquals(2, missing.exitCode());
        assertEquals("mlops: cannot compile pipeline: --execution-role is required (or set MLOPS_EXECUTION_ROLE)\n", missing.err());
        assertEquals(Map.of("message", "cannot compile pipeline: --execution-role is required (or set MLOPS_EXECUTION_ROLE)",
                "exit_code", 2, "kind", "INPUT"), missing.json().get("error"));
        CliRun region = CliRun.of("pipeline", "compile", "--region", "xx-west-9", "--execution-role", ROLE, "--s3-prefix", PREFIX);
        assertEquals(2, region.exitCode());
        assertTrue(region.err().startsWith("mlops: cannot find the scikit-learn image for region 'xx-west-9'"), region.err());
        assertEquals("", region.out());
        CliRun spec = CliRun.of("pipeline", "compile", "--pipeline", dir.resolve("none.yaml").toString(), "--region",
                "us-east-1", "--execution-role", ROLE, "--s3-prefix", PREFIX);
        assertEquals(2, spec.exitCode());
        assertTrue(spec.err().contains("cannot read spec") && spec.err().contains("no such file"), spec.err());
    }

    @Test
    void asksForASubcommand() {
        CliRun run = CliRun.of("pipeline");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Missing required subcommand: compile"), run.err());
    }
}
