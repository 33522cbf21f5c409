package dev.mlops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.AtomicFiles;
import dev.mlops.InputException;
import dev.mlops.pipeline.sagemaker.CodeUpload;
import dev.mlops.pipeline.sagemaker.CompileOptions;
import dev.mlops.pipeline.sagemaker.CompiledPipeline;
import dev.mlops.pipeline.sagemaker.PipelineCompiler;
import dev.mlops.spec.PipelineSpec;
import dev.mlops.spec.PipelineSpecParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "pipeline", mixinStandardHelpOptions = true, subcommands = PipelineCmd.CompileCmd.class,
        description = "Works with the pipeline spec outside a build.")
final class PipelineCmd implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: compile");
    }

    @Command(name = "compile", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Compiles the pipeline spec into a SageMaker Pipeline definition (Version 2020-12-01).",
                "Without --out the definition goes to stdout (inside the JSON result with --output json)."})
    static final class CompileCmd extends BaseCommand implements Callable<Integer> {

        @Option(names = "--pipeline", defaultValue = "pipelines/model-build.yaml", paramLabel = "FILE",
                description = "The pipeline spec (default: ${DEFAULT-VALUE}).")
        Path pipeline;

        @Option(names = "--out", paramLabel = "FILE", description = "Writes the definition to FILE.")
        Optional<Path> out;

        @Option(names = "--region", paramLabel = "REGION", defaultValue = "${env:AWS_REGION}",
                description = "The AWS region, which picks the images (default: env AWS_REGION).")
        String region;

        @Option(names = "--s3-prefix", paramLabel = "s3://BUCKET/PREFIX", defaultValue = "${env:MLOPS_S3_PREFIX}",
                description = "Where executions write their outputs; the scripts go under PREFIX/code (default: env MLOPS_S3_PREFIX).")
        String s3Prefix;

        @Option(names = "--execution-role", paramLabel = "ARN", defaultValue = "${env:MLOPS_EXECUTION_ROLE}",
                description = "The IAM role the processing and training jobs run as (default: env MLOPS_EXECUTION_ROLE).")
        String executionRole;

        @Override
        public Integer call() {
            CompileOptions options = CompileOptions.of(required(region, "--region", "AWS_REGION"),
                    required(executionRole, "--execution-role", "MLOPS_EXECUTION_ROLE"),
                    required(s3Prefix, "--s3-prefix", "MLOPS_S3_PREFIX"));
            PipelineSpec pipelineSpec = PipelineSpecParser.read(pipeline);
            CompiledPipeline compiled = PipelineCompiler.definition(pipelineSpec, options);
            out.ifPresent(file -> write(file, compiled.definition()));
            printer().result(json(pipelineSpec, compiled), out.isPresent() ? summary(pipelineSpec, compiled) : compiled.definition());
            return 0;
        }

        private static String required(String value, String option, String variable) {
            if (value == null || value.isBlank()) {
                throw new InputException("cannot compile pipeline: " + option + " is required (or set " + variable + ")");
            }
            return value.trim();
        }

        private static void write(Path file, String definition) {
            try {
                AtomicFiles.write(file, definition);
            } catch (IOException e) {
                throw new InputException("cannot write definition " + file + ": " + e.getMessage(), e);
            }
        }

        private Map<String, Object> json(PipelineSpec pipelineSpec, CompiledPipeline compiled) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("pipeline", pipelineSpec.name());
            if (out.isPresent()) {
                json.put("definition_file", out.get().toString());
            } else {
                json.put("definition", tree(compiled.definition()));
            }
            json.put("steps", compiled.steps());
            json.put("parameters", compiled.parameters());
            json.put("uploads", compiled.uploads().stream().map(CompileCmd::upload).toList());
            return json;
        }

        private static Map<String, String> upload(CodeUpload upload) {
            return Map.of("name", upload.name(), "s3_uri", upload.s3Uri(),
                    "source", upload.repositoryPath().orElse("generated"));
        }

        private String summary(PipelineSpec pipelineSpec, CompiledPipeline compiled) {
            StringBuilder text = new StringBuilder("Wrote ").append(out.orElseThrow()).append(": pipeline ")
                    .append(pipelineSpec.name()).append(", steps ").append(String.join(", ", compiled.steps()))
                    .append(", ").append(compiled.parameters().size()).append(" parameters\n")
                    .append("Upload before starting an execution:\n");
            for (CodeUpload upload : compiled.uploads()) {
                text.append("  ").append(upload.repositoryPath().orElse("(generated) " + upload.name()))
                        .append(" -> ").append(upload.s3Uri()).append('\n');
            }
            return text.toString();
        }

        private static Object tree(String definition) {
            try {
                return new ObjectMapper().readTree(definition);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read back the compiled definition: " + e.getMessage(), e);
            }
        }
    }
}
