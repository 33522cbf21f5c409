package dev.mlops.aws;

import dev.mlops.pipeline.sagemaker.CompileOptions;
import dev.mlops.pipeline.sagemaker.CompiledPipeline;
import dev.mlops.pipeline.sagemaker.FrameworkVersions;
import dev.mlops.pipeline.sagemaker.PipelineCompiler;
import dev.mlops.pipeline.sagemaker.S3Locations;
import dev.mlops.spec.PipelineSpec;

/** The product's compiler ({@link PipelineCompiler}) behind the runner's port. */
public final class SageMakerDefinitionCompiler implements DefinitionCompiler {

    @Override
    public Compiled compile(PipelineSpec spec, Target target) {
        CompileOptions options = new CompileOptions(target.region(), target.pipelineRoleArn(),
                new S3Locations(target.artifactsUri(), target.codeUri()), FrameworkVersions.DEFAULT);
        CompiledPipeline compiled = PipelineCompiler.definition(spec, options);
        return new Compiled(compiled.definition(), compiled.uploads().stream()
                .map(u -> new CodeFile(u.name(), u.s3Uri(), u.generatedContent())).toList());
    }
}
