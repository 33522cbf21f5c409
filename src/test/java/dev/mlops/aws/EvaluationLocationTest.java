package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.spec.PipelineSpecParser;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvaluationLocationTest {

    @Test
    void findsTheEvaluateStepsReportInTheCompiledDefinition() {
        String definition = new SageMakerDefinitionCompiler().compile(PipelineSpecParser.read(AwsFakes.SPEC),
                new DefinitionCompiler.Target("us-east-1", AwsFakes.ROLE, "s3://bkt/p", "s3://bkt/p/code")).definition();

        assertEquals(Optional.of("s3://bkt/p/abc123/Evaluate/evaluation/evaluation.json"),
                EvaluationLocation.of(definition, "abc123"));
    }

    @Test
    void aLocationItCannotEvaluateIsUnknown() {
        String definition = "{\"Steps\": [{\"Name\": \"E\", \"Type\": \"Processing\", \"Arguments\": {\"ProcessingOutputConfig\":"
                + " {\"Outputs\": [{\"OutputName\": \"ev\", \"S3Output\": {\"S3Uri\": {\"Get\": \"Parameters.Out\"}}}]}},"
                + " \"PropertyFiles\": [{\"PropertyFileName\": \"R\", \"OutputName\": \"ev\", \"FilePath\": \"e.json\"}]}]}";

        assertEquals(Optional.empty(), EvaluationLocation.of(definition, "abc123"));
        assertEquals(Optional.empty(), EvaluationLocation.of("not json", "abc123"));
    }

    @Test
    void metricsComeInTheLocalBackendsOrderAndSkipWhatIsNotANumber() {
        String report = "{\"binary_classification_metrics\": {\"f1\": {\"value\": 0.5}, \"auc\": {\"value\": 0.9},"
                + " \"brier\": {\"value\": 0.1}, \"recall\": {\"value\": \"NaN\"}, \"confusion_matrix\": {\"0\": {}}}}";

        assertEquals(Map.of("auc", 0.9, "f1", 0.5, "brier", 0.1), EvaluationMetrics.parse(report));
        assertEquals(java.util.List.of("auc", "f1", "brier"), java.util.List.copyOf(EvaluationMetrics.parse(report).keySet()));
    }
}
