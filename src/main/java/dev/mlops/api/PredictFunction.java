package dev.mlops.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClientBuilder;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointRequest;
import software.amazon.awssdk.services.sagemakerruntime.model.InvokeEndpointResponse;

/**
 * The prediction API's Lambda function (API Gateway HTTP API, payload v2): it checks the records,
 * calls the endpoint with {@code InvokeEndpoint} ({@code text/csv} in) and returns the endpoint's
 * predictions, {@code {"predictions":[{"score":0.81,"predicted_label":1}]}} (or one score per line
 * when the caller accepts {@code text/csv}). See {@link PredictRequest} for the accepted bodies.
 * A prediction names the endpoint and the production variant that answered it ({@code X-Mlops-Endpoint},
 * {@code X-Mlops-Variant}), so a smoke test knows which version it tested.
 * Every response carries {@code Access-Control-Allow-Origin: *}; {@code OPTIONS} answers the CORS
 * preflight, other methods than POST get 405, malformed records 400 naming the line and field.
 * The same class runs in AWS Lambda and in {@code mlops serve}'s local API route.
 */
public final class PredictFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    public static final String ENDPOINT_NAME_VARIABLE = "SAGEMAKER_ENDPOINT_NAME";
    /** Optional: a SageMaker Runtime URL other than AWS's (a local serving process, a VPC endpoint). */
    public static final String RUNTIME_URL_VARIABLE = "SAGEMAKER_RUNTIME_ENDPOINT_URL";
    public static final String REGION_VARIABLE = "AWS_REGION";

    private final String endpointName;
    private final SageMakerRuntimeClient runtime;
    private final RecordShape shape;

    /** For AWS Lambda: the endpoint and runtime come from the function's environment. */
    public PredictFunction() {
        this(System.getenv());
    }

    PredictFunction(Map<String, String> environment) {
        this(requireEndpointName(environment), runtimeClient(environment), RecordShape.ai4i());
    }

    public PredictFunction(String endpointName, SageMakerRuntimeClient runtime) {
        this(endpointName, runtime, RecordShape.ai4i());
    }

    public PredictFunction(String endpointName, SageMakerRuntimeClient runtime, RecordShape shape) {
        if (endpointName == null || endpointName.isBlank()) {
            throw new IllegalArgumentException("cannot create the prediction API: no endpoint name");
        }
        this.endpointName = endpointName;
        this.runtime = runtime;
        this.shape = shape;
    }

    public String endpointName() {
        return endpointName;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            return handle(event, context);
        } catch (RuntimeException e) {
            // The workshop's function crashed on odd requests; this one always answers.
            log(context, "unexpected " + e.getClass().getName() + ": " + e.getMessage());
            return ApiResponses.error(500, "cannot score: internal error in the prediction API");
        }
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        String method = Optional.ofNullable(event.getRequestContext()).map(c -> c.getHttp()).map(h -> h.getMethod())
                .orElse("").toUpperCase(Locale.ROOT);
        if (method.equals("OPTIONS")) {
            return ApiResponses.preflight();
        }
        if (!method.equals("POST")) {
            return ApiResponses.methodNotAllowed(method.isEmpty() ? "call" : method);
        }
        Map<String, String> headers = EventHeaders.lowerCased(event.getHeaders());
        List<String> records;
        try {
            records = PredictRequest.records(body(event), Optional.ofNullable(headers.get("content-type")), shape);
        } catch (PredictRequest.Refused refused) {
            return ApiResponses.error(refused.status(), refused.getMessage());
        }
        String accept = Optional.ofNullable(headers.get("accept")).filter(a -> a.toLowerCase(Locale.ROOT)
                .startsWith("text/csv")).map(a -> "text/csv").orElse("application/json");
        try {
            InvokeEndpointResponse response = runtime.invokeEndpoint(InvokeEndpointRequest.builder()
                    .endpointName(endpointName).contentType("text/csv").accept(accept)
                    .body(SdkBytes.fromUtf8String(String.join("\n", records))).build());
            return ApiResponses.ok(accept, response.body().asUtf8String(), endpointName,
                    Optional.ofNullable(response.invokedProductionVariant()).filter(v -> !v.isBlank()));
        } catch (SdkException e) {
            log(context, "InvokeEndpoint " + endpointName + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            return EndpointErrors.toResponse(endpointName, e);
        }
    }

    private static String body(APIGatewayV2HTTPEvent event) throws PredictRequest.Refused {
        String body = Optional.ofNullable(event.getBody()).orElse("");
        if (!event.getIsBase64Encoded()) {
            return body;
        }
        try {
            return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new PredictRequest.Refused(400, "cannot read the request: the body is marked base64 but is not");
        }
    }

    private static void log(Context context, String line) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(line + "\n");
        } else {
            System.err.println("PredictFunction: " + line);
        }
    }

    private static String requireEndpointName(Map<String, String> environment) {
        String name = environment.get(ENDPOINT_NAME_VARIABLE);
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("cannot start the prediction API: environment variable "
                    + ENDPOINT_NAME_VARIABLE + " must name the SageMaker endpoint");
        }
        return name.trim();
    }

    /** The SDK client from the function's environment: region, and a runtime URL when one is given. */
    static SageMakerRuntimeClient runtimeClient(Map<String, String> environment) {
        SageMakerRuntimeClientBuilder builder = SageMakerRuntimeClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        Optional.ofNullable(environment.get(REGION_VARIABLE)).filter(r -> !r.isBlank())
                .ifPresent(r -> builder.region(Region.of(r.trim())));
        Optional.ofNullable(environment.get(RUNTIME_URL_VARIABLE)).filter(u -> !u.isBlank())
                .ifPresent(u -> builder.endpointOverride(URI.create(u.trim())));
        return builder.build();
    }
}
