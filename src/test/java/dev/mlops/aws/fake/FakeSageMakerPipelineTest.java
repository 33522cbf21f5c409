package dev.mlops.aws.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribePipelineResponse;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.Tag;

class FakeSageMakerPipelineTest {
    private FakeSageMaker fake;
    private SageMakerClient client;

    @BeforeEach
    void start() {
        fake = new FakeSageMaker().start();
        client = Clients.sageMaker(fake.endpoint());
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    @Test
    void createsAndDescribesAPipeline() {
        String arn = Pipelines.create(client);

        DescribePipelineResponse described = client.describePipeline(b -> b.pipelineName(Pipelines.NAME));

        assertEquals("arn:aws:sagemaker:us-east-1:123456789012:pipeline/end-to-end-ml-sm-pipeline", arn);
        assertEquals(arn, described.pipelineArn());
        assertEquals(Pipelines.definition(), described.pipelineDefinition());
        assertEquals(Pipelines.ROLE, described.roleArn());
        assertEquals("Active", described.pipelineStatusAsString());
        assertTrue(described.lastModifiedTime() != null && described.creationTime() != null);
    }

    @Test
    void updatesADefinitionAndBumpsTheVersion() {
        Pipelines.create(client);
        String changed = Pipelines.definition().replace("\"DefaultValue\": 0.7", "\"DefaultValue\": 0.8");

        long version = client.updatePipeline(b -> b.pipelineName(Pipelines.NAME).pipelineDefinition(changed))
                .pipelineVersionId();

        assertEquals(2L, version);
        assertEquals(changed, client.describePipeline(b -> b.pipelineName(Pipelines.NAME)).pipelineDefinition());
    }

    @Test
    void createIsIdempotentPerTokenAndRefusesADuplicateName() {
        String first = Pipelines.create(client);

        String again = Pipelines.create(client);
        SageMakerException duplicate = assertThrows(SageMakerException.class, () -> client.createPipeline(b -> b
                .pipelineName(Pipelines.NAME).roleArn(Pipelines.ROLE).pipelineDefinition(Pipelines.definition())
                .clientRequestToken(Pipelines.token("another-create"))));

        assertEquals(first, again);
        assertEquals("ValidationException", duplicate.awsErrorDetails().errorCode());
    }

    @Test
    void answersResourceNotFoundForAnUnknownPipeline() {
        ResourceNotFoundException missing = assertThrows(ResourceNotFoundException.class,
                () -> client.describePipeline(b -> b.pipelineName("no-such-pipeline")));

        assertTrue(missing.getMessage().contains("no-such-pipeline"), missing.getMessage());
    }

    @Test
    void rejectsADefinitionThatReferencesAnUndefinedStep() {
        String broken = Pipelines.definition().replace("Steps.Train.ModelArtifacts", "Steps.Trian.ModelArtifacts");

        SageMakerException invalid = assertThrows(SageMakerException.class, () -> client.createPipeline(b -> b
                .pipelineName("broken").roleArn(Pipelines.ROLE).pipelineDefinition(broken)));

        assertEquals("ValidationException", invalid.awsErrorDetails().errorCode());
        assertTrue(invalid.getMessage().contains("Trian"), invalid.getMessage());
    }

    @Test
    void tagsAPipelineAndListsItsTags() {
        String arn = client.createPipeline(b -> b.pipelineName(Pipelines.NAME).roleArn(Pipelines.ROLE)
                .pipelineDefinition(Pipelines.definition())
                .tags(Tag.builder().key("sagemaker:project-name").value("end-to-end-ml").build())).pipelineArn();

        client.addTags(b -> b.resourceArn(arn).tags(Tag.builder().key("git-commit").value("4f2a9c1").build()));

        Map<String, String> tags = client.listTags(b -> b.resourceArn(arn)).tags().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
        assertEquals(Map.of("sagemaker:project-name", "end-to-end-ml", "git-commit", "4f2a9c1"), tags);
    }

    @Test
    void listsPipelinesByPrefix() {
        Pipelines.create(client);
        client.createPipeline(b -> b.pipelineName("other-pipeline").roleArn(Pipelines.ROLE)
                .pipelineDefinition(Pipelines.definition()));

        List<String> names = client.listPipelines(b -> b.pipelineNamePrefix("end-to-end")).pipelineSummaries()
                .stream().map(s -> s.pipelineName()).toList();

        assertEquals(List.of(Pipelines.NAME), names);
    }
}
