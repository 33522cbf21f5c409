package dev.mlops.api;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.Map;

/**
 * Plays Lambda's Java runtime for one cold invocation, in a fresh JVM: loads the handler named as
 * in the function's configuration ({@code class::method}), constructs it (Lambda's init phase),
 * calls it once with an API Gateway HTTP API (payload v2) event, and prints the answer and the two
 * phases' durations as {@code key=value} lines ending with {@code end}.
 *
 * <p>Depends only on the JDK and the Lambda event types, so it runs on the Lambda package's own
 * classpath. Usage: {@code ColdStartDriver HANDLER METHOD CONTENT-TYPE BODY}.
 */
public final class ColdStartDriver {
    private ColdStartDriver() {
    }

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        String handler = args[0];
        String className = handler.substring(0, handler.indexOf("::"));
        @SuppressWarnings("unchecked")
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> function =
                (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>) Class.forName(className)
                        .getConstructor().newInstance();
        long initialised = System.nanoTime();
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(args[1] + " /predict")
                .withRawPath("/predict").withHeaders(Map.of("content-type", args[2])).withBody(args[3])
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(args[1]).build()).build())
                .build();
        APIGatewayV2HTTPResponse response = function.handleRequest(event, null);
        long answered = System.nanoTime();
        StringBuilder out = new StringBuilder();
        out.append("status=").append(response.getStatusCode()).append('\n');
        response.getHeaders().forEach((k, v) -> out.append("header.").append(k).append('=').append(v).append('\n'));
        out.append("body=").append(response.getBody().replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("init_ms=").append((initialised - start) / 1_000_000).append('\n');
        out.append("invoke_ms=").append((answered - initialised) / 1_000_000).append('\n');
        out.append("end\n");
        System.out.print(out);
        System.out.flush();
    }
}
