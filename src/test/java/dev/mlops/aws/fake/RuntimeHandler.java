package dev.mlops.aws.fake;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SageMaker Runtime's {@code InvokeEndpoint} (REST-JSON: {@code POST /endpoints/{name}/invocations},
 * the body passed through as is). The endpoint's model is {@link Ai4iScorer}; the answer names the
 * production variant of the config the endpoint serves in {@code X-Amzn-Invoked-Production-Variant},
 * as SageMaker does. Errors are SageMaker Runtime's: {@code ValidationError} for a missing endpoint or
 * one not in service, {@code ModelError} (424, with the container's status and message) for records
 * the featurizer refuses.
 */
final class RuntimeHandler implements HttpHandler {
    static final String VARIANT_HEADER = "X-Amzn-Invoked-Production-Variant";
    private static final Pattern PATH = Pattern.compile("/endpoints/([^/]+)/invocations");
    /** Statuses in which an endpoint answers: during an update, its old fleet does. */
    private static final Set<String> SERVING = Set.of("InService", "Updating", "SystemUpdating", "RollingBack");

    private final Function<String, Optional<Serving>> endpoints;
    private final Consumer<RecordedRequest> recorder;
    private final Object lock;

    /** An endpoint's status and the variant of the config it serves. */
    record Serving(String status, Optional<String> variant) {
    }

    /** What the runtime answers: status, headers, body. */
    private record Answer(int status, Map<String, String> headers, String body) {
    }

    RuntimeHandler(Function<String, Optional<Serving>> endpoints, Consumer<RecordedRequest> recorder, Object lock) {
        this.endpoints = endpoints;
        this.recorder = recorder;
        this.lock = lock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                answer = invoke(exchange);
            } catch (RuntimeException e) {
                answer = error(500, "InternalFailure", "fake failed: " + e);
            }
            respond(exchange, answer);
        }
    }

    private Answer invoke(HttpExchange exchange) throws IOException {
        Matcher path = PATH.matcher(exchange.getRequestURI().getRawPath());
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String contentType = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        String accept = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Accept")).orElse("application/json");
        String name = path.matches() ? path.group(1) : "";
        record(exchange, name, body, contentType);
        if (!path.matches() || !"POST".equals(exchange.getRequestMethod())) {
            return error(404, "UnknownOperationException", "the fake runtime has no " + exchange.getRequestMethod() + " "
                    + exchange.getRequestURI().getRawPath());
        }
        Optional<Serving> serving;
        synchronized (lock) {
            serving = endpoints.apply(name);
        }
        if (serving.isEmpty()) {
            return error(400, "ValidationError", "Endpoint " + name + " of account " + Arns.ACCOUNT + " not found.");
        }
        if (!SERVING.contains(serving.get().status()) || serving.get().variant().isEmpty()) {
            return error(400, "ValidationError", "Endpoint " + name + " of account " + Arns.ACCOUNT
                    + " is not in service (status " + serving.get().status() + ").");
        }
        return score(body, contentType, accept, serving.get().variant().get());
    }

    private static Answer score(String body, String contentType, String accept, String variant) {
        if (!contentType.toLowerCase(Locale.ROOT).startsWith("text/csv")) {
            return modelError(415, "Content type " + contentType + " is not supported by this script; send text/csv");
        }
        List<Double> scores = new ArrayList<>();
        try {
            for (String line : body.split("\n")) {
                if (!line.isBlank()) {
                    scores.add(Ai4iScorer.score(line));
                }
            }
        } catch (Ai4iScorer.Refused e) {
            return modelError(400, e.getMessage());
        }
        boolean csv = accept.toLowerCase(Locale.ROOT).startsWith("text/csv");
        Map<String, String> headers = Map.of("Content-Type", csv ? "text/csv" : "application/json", VARIANT_HEADER, variant);
        return new Answer(200, headers, csv ? csv(scores) : json(scores));
    }

    private static String json(List<Double> scores) {
        ObjectNode out = Json.object();
        ArrayNode predictions = out.putArray("predictions");
        scores.forEach(s -> predictions.addObject().put("score", s).put("predicted_label", s > 0.5 ? 1 : 0));
        return Json.write(out);
    }

    private static String csv(List<Double> scores) {
        return String.join("\n", scores.stream().map(String::valueOf).toList());
    }

    /** SageMaker's answer when the model's container answered an error: 424 with the container's status and message. */
    private static Answer modelError(int originalStatus, String originalMessage) {
        ObjectNode body = Json.object();
        body.put("message", "Received client error (" + originalStatus + ") from primary with message \""
                + originalMessage + "\".");
        body.put("OriginalStatusCode", originalStatus).put("OriginalMessage", originalMessage);
        body.put("LogStreamArn", "arn:aws:logs:" + Arns.REGION + ":" + Arns.ACCOUNT + ":log-group:/aws/sagemaker/Endpoints");
        return new Answer(424, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", "ModelError"), Json.write(body));
    }

    private static Answer error(int status, String type, String message) {
        return new Answer(status, Map.of("Content-Type", "application/json", "x-amzn-ErrorType", type),
                Json.write(Json.object().put("message", message)));
    }

    private void record(HttpExchange exchange, String name, String body, String contentType) {
        Map<String, List<String>> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((header, values) -> headers.put(header.toLowerCase(Locale.ROOT), List.copyOf(values)));
        ObjectNode request = Json.object().put("EndpointName", name).put("ContentType", contentType).put("Body", body);
        recorder.accept(new RecordedRequest("InvokeEndpoint", request, headers, Optional.empty()));
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
