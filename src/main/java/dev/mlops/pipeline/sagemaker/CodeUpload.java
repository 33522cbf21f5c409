package dev.mlops.pipeline.sagemaker;

import java.util.Optional;

/**
 * A file the pipeline's jobs read from S3, which the AWS backend uploads before it starts an
 * execution: a script from the repository's {@code model-build/} directory, or a file the
 * compiler generated from the spec ({@code generatedContent}).
 */
public record CodeUpload(String name, String s3Uri, Optional<String> generatedContent) {

    /** {@code model-build/<name>} for a script; empty for a generated file. */
    public Optional<String> repositoryPath() {
        return generatedContent.isPresent() ? Optional.empty() : Optional.of("model-build/" + name);
    }
}
