/**
 * Compiles a pipeline spec into a SageMaker Pipeline definition (Version 2020-12-01).
 *
 * <p>It lives with the pipeline capability rather than in {@code dev.mlops.aws}: it is a pure
 * function from spec records to JSON text, with no AWS SDK type, no credentials and no network,
 * so {@code mlops pipeline compile} works offline and in CI, and the AWS backend calls it the way
 * any caller does (it depends on this package, never the reverse). {@link
 * dev.mlops.pipeline.sagemaker.PipelineCompiler} is the entry point; one package-private emitter
 * per step type writes the steps.
 */
package dev.mlops.pipeline.sagemaker;
