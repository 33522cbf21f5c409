package dev.mlops.aws.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;
import software.amazon.awssdk.services.sagemakerruntime.model.ModelErrorException;
import software.amazon.awssdk.services.sagemakerruntime.model.ValidationErrorException;

/** The fake's InvokeEndpoint, through the real SageMaker Runtime client: scores, the invoked variant, errors. */
class FakeSageMakerRuntimeTest {
    static final String ENDPOINT = "predictive-maintenance-staging";
    static final String FAILURE = "L,298.4,308.2,1582,70.7,216";
    static final String NORMAL = "M,298.4,308.2,1582,30.2,214";
    static final String SLOW = "L,298.4,308.2,30,70.7,216";

    private FakeSageMaker fake;
    private SageMakerClient sageMaker;
    private SageMakerRuntimeClient runtime;

    @BeforeEach
    void start() {
        fake = new FakeSageMaker().start();
        sageMaker = Clients.sageMaker(fake.endpoint());
        runtime = Clients.runtime(fake.endpoint());
    }

    @AfterEach
    void stop() {
        runtime.close();
        sageMaker.close();
        fake.close();
    }

    @Test
    void scoresTheWorkshopRecordsAndNamesTheVariantOfTheLiveConfig() {
        Endpoints.serve(sageMaker, fake, ENDPOINT, "v1-0a1b2c3d");

        InvokeEndpointResponse answer = invoke(String.join("\n", FAILURE, NORMAL, SLOW), "application/json");

        assertEquals("v1-0a1b2c3d", answer.invokedProductionVariant());
        assertEquals("application/json", answer.contentType());
        assertEquals("{\"predictions\":[{\"score\":0.8101770281791687,\"predicted_label\":1},"
                + "{\"score\":0.15388985,\"predicted_label\":0},{\"score\":0.8101770281791687,\"predicted_label\":1}]}",
                answer.body().asUtf8String());
        assertEquals("0.15388985", invoke(NORMAL, "text/csv").body().asUtf8String());
        assertEquals(ENDPOINT, fake.requests("InvokeEndpoint").get(0).body().path("EndpointName").asText());
    }

    @Test
    void theOldConfigAnswersUntilAnUpdateIsDoneThenTheNewOne() {
        Endpoints.serve(sageMaker, fake, ENDPOINT, "v1-0a1b2c3d");
        Endpoints.config(sageMaker, ENDPOINT, "v2-4e5f6a7b");
        sageMaker.updateEndpoint(b -> b.endpointName(ENDPOINT).endpointConfigName(ENDPOINT + "-v2-4e5f6a7b"));

        assertEquals("v1-0a1b2c3d", invoke(FAILURE, "application/json").invokedProductionVariant());
        Endpoints.awaitInService(sageMaker, ENDPOINT);
        assertEquals("v2-4e5f6a7b", invoke(FAILURE, "application/json").invokedProductionVariant());
    }

    @Test
    void refusesAMissingEndpointAndRecordsTheFeaturizerRefusesAsModelErrors() {
        ValidationErrorException missing = assertThrows(ValidationErrorException.class,
                () -> invoke(FAILURE, "application/json"));
        assertTrue(missing.getMessage().contains("Endpoint " + ENDPOINT + " of account 123456789012 not found"),
                missing.getMessage());

        Endpoints.serve(sageMaker, fake, ENDPOINT, "v1-0a1b2c3d");
        ModelErrorException fields = assertThrows(ModelErrorException.class, () -> invoke("L,1,2", "application/json"));
        assertEquals(424, fields.statusCode());
        assertEquals(400, fields.originalStatusCode());
        assertTrue(fields.originalMessage().contains("expected 6 fields"), fields.originalMessage());
        ModelErrorException type = assertThrows(ModelErrorException.class, () -> runtime.invokeEndpoint(b -> b
                .endpointName(ENDPOINT).contentType("application/json").body(SdkBytes.fromUtf8String("{}"))));
        assertEquals(415, type.originalStatusCode());
    }

    private InvokeEndpointResponse invoke(String csv, String accept) {
        return runtime.invokeEndpoint(b -> b.endpointName(ENDPOINT).contentType("text/csv").accept(accept)
                .body(SdkBytes.fromUtf8String(csv)));
    }

}
