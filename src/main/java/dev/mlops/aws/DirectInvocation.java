package dev.mlops.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.mlops.api.PredictFunction;
import dev.mlops.smoke.HttpAnswer;
import dev.mlops.smoke.SmokeRequest;
import dev.mlops.smoke.SmokeTransport;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code --direct}: each case goes to the product's own handler ({@link PredictFunction}, the code
 * the Lambda runs) in this process, which calls {@code InvokeEndpoint} on the environment's endpoint
 * through the SageMaker Runtime client. The same cases apply as through the API (the handler checks
 * records, answers CORS and wrong methods, turns JSON into CSV), and the answer names the production
 * variant SageMaker reports as {@code InvokedProductionVariant}. What it bypasses — API Gateway's stage,
 * route and authoriser, and the Lambda as deployed — is why such a run is never evidence.
 */
final class DirectInvocation implements SmokeTransport {
    private final PredictFunction function;

    DirectInvocation(PredictFunction function) {
        this.function = function;
    }

    @Override
    public HttpAnswer send(URI target, SmokeRequest request) throws InterruptedException {
        long start = System.nanoTime();
        APIGatewayV2HTTPResponse response = function.handleRequest(event(target, request), null);
        long latencyMs = (System.nanoTime() - start) / 1_000_000;
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted while invoking " + function.endpointName());
        }
        Map<String, List<String>> headers = new HashMap<>();
        Optional.ofNullable(response.getHeaders()).ifPresent(h -> h.forEach((name, value) -> headers.put(name, List.of(value))));
        return new HttpAnswer(response.getStatusCode(), headers, Optional.ofNullable(response.getBody()).orElse(""),
                latencyMs);
    }

    /** The request as API Gateway (HTTP API, payload 2.0) hands it to the Lambda: header names lower-cased. */
    private static APIGatewayV2HTTPEvent event(URI target, SmokeRequest request) {
        Map<String, String> headers = new HashMap<>();
        request.headers().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        return APIGatewayV2HTTPEvent.builder()
                .withRawPath(target.getRawPath())
                .withRawQueryString(Optional.ofNullable(target.getRawQuery()).orElse(""))
                .withHeaders(headers)
                .withBody(request.body())
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(request.method())
                                .withPath(target.getRawPath()).build())
                        .build())
                .build();
    }
}
