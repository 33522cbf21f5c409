package dev.mlops.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import dev.mlops.deploy.EndpointConfig;
import dev.mlops.ml.CsvRecords;
import dev.mlops.ml.Decision;
import dev.mlops.ml.RecordException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code POST /endpoints/{name}/invocations}, SageMaker Runtime's InvokeEndpoint: {@code text/csv}
 * records in, one per line; predictions out as JSON or CSV. Errors carry
 * {@code x-amzn-ErrorType} so the AWS SDK raises the same exceptions it would against SageMaker
 * (a malformed record is a {@code ModelError} with the model's 400 inside).
 */
final class InvocationHandler {
    private static final String JSON = "application/json";
    private static final String CSV = "text/csv";
    private final Endpoints endpoints;
    private final CaptureQueue capture;
    private final long maxBodyBytes;
    private final Clock clock;

    InvocationHandler(Endpoints endpoints, CaptureQueue capture, ServingOptions options) {
        this.endpoints = endpoints;
        this.capture = capture;
        this.maxBodyBytes = options.maxBodyBytes();
        this.clock = options.clock();
    }

    void handle(HttpExchange exchange, String name) throws IOException {
        String requestId = RequestIds.next();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            fail(exchange, 405, "ValidationError", "cannot " + exchange.getRequestMethod() + " invocations of endpoint "
                    + name + ": use POST");
            return;
        }
        Optional<HostedEndpoint> endpoint = endpoints.find(name);
        if (endpoint.isEmpty()) {
            ObjectNode body = errorBody("ValidationError", "cannot invoke endpoint " + name + ": no such endpoint");
            endpoints.names().forEach(body.putArray("known_endpoints")::add);
            send(exchange, 404, "ValidationError", body);
            return;
        }
        Optional<String> contentType = HttpIo.mediaType(exchange, "Content-Type");
        if (!contentType.filter(CSV::equals).isPresent()) {
            fail(exchange, 415, "ValidationError", "cannot invoke endpoint " + name + " with content type "
                    + contentType.orElse("(none)") + ": send text/csv, one record per line");
            return;
        }
        Optional<String> accept = negotiate(exchange.getRequestHeaders());
        if (accept.isEmpty()) {
            fail(exchange, 406, "ValidationError", "cannot invoke endpoint " + name + ": it answers "
                    + JSON + " or " + CSV + ", not " + exchange.getRequestHeaders().getFirst("Accept"));
            return;
        }
        byte[] body;
        try {
            body = HttpIo.readBody(exchange, maxBodyBytes);
        } catch (HttpIo.TooLarge e) {
            fail(exchange, 413, "ValidationError", e.getMessage());
            return;
        }
        invoke(exchange, endpoint.get(), new Invocation(requestId, body, accept.get()));
    }

    private record Invocation(String requestId, byte[] body, String accept) {
    }

    private void invoke(HttpExchange exchange, HostedEndpoint endpoint, Invocation invocation) throws IOException {
        Optional<LoadedModel> live = endpoint.live();
        if (live.isEmpty()) {
            fail(exchange, 503, "ServiceUnavailable", "cannot invoke endpoint " + endpoint.name() + ": it is "
                    + endpoint.status().status() + endpoint.status().failureReason().map(r -> " (" + r + ")").orElse(""));
            return;
        }
        LoadedModel model = live.get();
        try {
            String text = new String(invocation.body(), StandardCharsets.UTF_8);
            List<List<String>> records = records(text);
            if (records.isEmpty()) {
                modelError(exchange, "cannot invoke endpoint " + endpoint.name() + ": the body holds no records");
                return;
            }
            double[] scores = model.score(records);
            String output = invocation.accept().equals(CSV) ? csv(scores) : json(scores, model.decision());
            EndpointConfig config = model.config();
            Headers headers = exchange.getResponseHeaders();
            // As SageMaker does: the variant that answered; its name says which version and config that was.
            headers.set("X-Amzn-Invoked-Production-Variant", model.variantName());
            HttpIo.send(exchange, 200, invocation.accept(), output);
            capture(exchange, endpoint, config, invocation, text, output);
        } catch (RecordException e) {
            modelError(exchange, e.getMessage());
        } catch (IllegalStateException e) {
            endpoint.recordModelError();
            fail(exchange, 500, "InternalFailure", "cannot invoke endpoint " + endpoint.name() + ": " + e.getMessage());
        }
    }

    private void capture(HttpExchange exchange, HostedEndpoint endpoint, EndpointConfig config, Invocation invocation,
                         String input, String output) {
        Optional<String> inferenceId = Optional.ofNullable(
                exchange.getRequestHeaders().getFirst("X-Amzn-SageMaker-Inference-Id"));
        if (DataCapture.sampled(inferenceId.orElse(invocation.requestId()), config.dataCapturePercent())) {
            capture.submit(new DataCapture.Event(endpoint.name(), invocation.requestId(), inferenceId, clock.instant(),
                    new DataCapture.Payload(CSV, input),
                    new DataCapture.Payload(invocation.accept(), output)), config.captureLimits());
        }
    }

    /** The records as the featurizer container reads them: Python's csv reader, empty rows skipped. */
    static List<List<String>> records(String body) {
        return CsvRecords.parse(body);
    }

    private static Optional<String> negotiate(Headers headers) {
        String accept = headers.getFirst("Accept");
        if (accept == null || accept.isBlank()) {
            return Optional.of(JSON);
        }
        for (String option : accept.split(",")) {
            String type = option.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals(JSON) || type.equals("*/*") || type.equals("application/*")) {
                return Optional.of(JSON);
            }
            if (type.equals(CSV) || type.equals("text/*")) {
                return Optional.of(CSV);
            }
        }
        return Optional.empty();
    }

    private static String json(double[] scores, Decision decision) {
        StringBuilder out = new StringBuilder("{\"predictions\":[");
        for (int i = 0; i < scores.length; i++) {
            out.append(i == 0 ? "" : ",").append("{\"score\":").append(scores[i])
                    .append(",\"predicted_label\":").append(decision.label(scores[i])).append('}');
        }
        return out.append("]}").toString();
    }

    private static String csv(double[] scores) {
        StringBuilder out = new StringBuilder();
        for (double score : scores) {
            out.append(score).append('\n');
        }
        return out.toString();
    }

    /** The model refused the input: SageMaker wraps the container's 400 in a ModelError. */
    private static void modelError(HttpExchange exchange, String message) throws IOException {
        ObjectNode body = errorBody("ModelError", message);
        body.put("OriginalStatusCode", 400).put("OriginalMessage", message);
        send(exchange, 400, "ModelError", body);
    }

    private static void fail(HttpExchange exchange, int status, String type, String message) throws IOException {
        send(exchange, status, type, errorBody(type, message));
    }

    private static ObjectNode errorBody(String type, String message) {
        return HttpIo.error(type, message);
    }

    private static void send(HttpExchange exchange, int status, String type, ObjectNode body) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        HttpIo.sendJson(exchange, status, body);
    }
}
