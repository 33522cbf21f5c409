package dev.mlops.aws;

import dev.mlops.spec.PipelineSpec;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Turns a pipeline spec into a SageMaker pipeline definition and the files its jobs read from S3. */
@FunctionalInterface
public interface DefinitionCompiler {

    Compiled compile(PipelineSpec spec, Target target);

    /**
     * Where the definition will run: the region (which picks the images), the role its jobs
     * assume, and the S3 prefixes for execution outputs and for code (both {@code s3://...}
     * without a trailing slash).
     */
    record Target(String region, String pipelineRoleArn, String artifactsUri, String codeUri) {
        public Target {
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(pipelineRoleArn, "pipelineRoleArn");
            Objects.requireNonNull(artifactsUri, "artifactsUri");
            Objects.requireNonNull(codeUri, "codeUri");
        }
    }

    /** The definition JSON (Version 2020-12-01) and the files to upload before an execution starts. */
    record Compiled(String definition, List<CodeFile> files) {
        public Compiled {
            Objects.requireNonNull(definition, "definition");
            files = List.copyOf(files);
        }
    }

    /**
     * A file a job reads: the script {@code name} from the code directory ({@code model-build/}),
     * or, when {@code generatedContent} is present, a file the compiler wrote.
     */
    record CodeFile(String name, String s3Uri, Optional<String> generatedContent) {
        public CodeFile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(s3Uri, "s3Uri");
            Objects.requireNonNull(generatedContent, "generatedContent");
        }
    }
}
