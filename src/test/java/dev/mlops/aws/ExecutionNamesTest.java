package dev.mlops.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.InputException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutionNamesTest {
    static final Optional<String> COMMIT = Optional.of("4f2a9c1e0b7d3a5f6e8c9b0a1d2e3f4a5b6c7d8e");
    static final Map<String, String> PARAMS = Map.of("max_depth", "3", "input_data", "s3://b/data.csv");

    @Test
    void sameBuildGivesTheSameTokenWhateverTheParameterOrder() {
        String token = ExecutionNames.token("p", COMMIT, 1, PARAMS);

        assertEquals(token, ExecutionNames.token("p", COMMIT, 1, new java.util.TreeMap<>(PARAMS)));
        assertTrue(token.matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), token);
    }

    @Test
    void anotherAttemptCommitPipelineOrParameterGivesAnotherToken() {
        String token = ExecutionNames.token("p", COMMIT, 1, PARAMS);

        assertNotEquals(token, ExecutionNames.token("p", COMMIT, 2, PARAMS));
        assertNotEquals(token, ExecutionNames.token("q", COMMIT, 1, PARAMS));
        assertNotEquals(token, ExecutionNames.token("p", Optional.of("0000000"), 1, PARAMS));
        assertNotEquals(token, ExecutionNames.token("p", COMMIT, 1, Map.of("max_depth", "4", "input_data", "s3://b/data.csv")));
    }

    @Test
    void withoutACommitEveryRunIsNew() {
        assertNotEquals(ExecutionNames.token("p", Optional.empty(), 1, PARAMS), ExecutionNames.token("p", Optional.empty(), 1, PARAMS));
    }

    @Test
    void displayNameFitsSageMakersPatternAndCarriesCommitAndToken() {
        String name = ExecutionNames.displayName(COMMIT, "1b2c3d4e-0000-0000-0000-000000000000");

        assertEquals("build-4f2a9c1-1b2c3d4e", name);
        assertTrue(name.matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,81}"));
    }

    @Test
    void descriptionGivesTheCommitBack() {
        assertEquals(COMMIT, ExecutionNames.describedCommit(ExecutionNames.description(COMMIT, 3)));
        assertEquals(Optional.empty(), ExecutionNames.describedCommit(ExecutionNames.description(Optional.empty(), 1)));
    }

    @Test
    void executionArnIsParsedOrRefusedWithAnExample() {
        ExecutionNames.ExecutionArn arn = ExecutionNames.ExecutionArn.parse(
                "arn:aws:sagemaker:eu-west-1:123456789012:pipeline/my-build/execution/abc123def456");

        assertEquals("eu-west-1", arn.region());
        assertEquals("abc123def456", arn.id());
        assertEquals("https://eu-west-1.console.aws.amazon.com/sagemaker/home?region=eu-west-1#/pipelines/my-build/executions/abc123def456",
                ExecutionNames.consoleLink(arn));
        InputException e = assertThrows(InputException.class, () -> ExecutionNames.ExecutionArn.parse("abc123def456"));
        assertTrue(e.getMessage().startsWith("cannot attach to execution 'abc123def456': expected a pipeline execution ARN"));
    }
}
