/**
 * Fakes of Amazon SageMaker (JSON 1.1) and S3 (REST, path-style) served over real HTTP on
 * 127.0.0.1, so the aws backend is tested with the real AWS SDK v2 clients.
 *
 * <pre>{@code
 * try (FakeS3 s3 = new FakeS3().start();
 *      FakeSageMaker sageMaker = new FakeSageMaker(s3).start()) {
 *     sageMaker.evaluationMetrics(Map.of("auc", 0.93)).ticksPerStep(2);
 *     SageMakerClient client = SageMakerClient.builder()
 *             .endpointOverride(sageMaker.endpoint()).region(Region.US_EAST_1)
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
 *             .httpClient(UrlConnectionHttpClient.create()).build();
 *     // create/start a pipeline; each DescribePipelineExecution answers, then advances one tick
 *     sageMaker.failStep("Train", "AlgorithmError: ...");   // step-level fault
 *     sageMaker.throttleNext(2).failNext(1, 503);          // request-level faults
 *     sageMaker.requests("StartPipelineExecution");         // what the SDK sent, signature included
 * }
 * }</pre>
 *
 * <p>The fake is deterministic: time is a virtual clock that moves only on ticks and new
 * resources, execution ids come from a fixed seed, and nothing sleeps unless a test asks for
 * {@link dev.mlops.aws.fake.FakeSageMaker#slowResponses(java.time.Duration)}.
 */
package dev.mlops.aws.fake;
