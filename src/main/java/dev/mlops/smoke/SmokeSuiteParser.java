package dev.mlops.smoke;

import dev.mlops.smoke.SmokeExpectations.Predictions;
import dev.mlops.smoke.SmokeExpectations.ScoreRange;
import dev.mlops.spec.Suggestions;
import dev.mlops.spec.YamlMap;
import dev.mlops.spec.YamlNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads {@code tests/smoke/*.yaml} into a {@link SmokeSuite}, with errors that name file, line, column and field. */
public final class SmokeSuiteParser {
    static final List<String> TOP_KEYS = List.of("apiVersion", "kind", "name", "description", "defaults", "cases");
    static final List<String> DEFAULTS_KEYS = List.of("headers", "max_latency_ms", "timeout_ms");
    static final List<String> CASE_KEYS = List.of("name", "description", "request", "expect");
    static final List<String> REQUEST_KEYS = List.of("method", "path", "headers", "body");
    static final List<String> EXPECT_KEYS = List.of("status", "content_type", "predictions", "label", "body_contains",
            "headers", "max_latency_ms");
    static final List<String> PREDICTIONS_KEYS = List.of("count", "score_range", "labels_in");
    static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final long MAX_TIMEOUT_MS = 600_000;
    private static final Pattern PATH = Pattern.compile("[/?][A-Za-z0-9._~:/?@!$&'()*+,;=%-]*");

    private SmokeSuiteParser() {
    }

    public static SmokeSuite read(Path file) {
        return parse(YamlNode.read(file));
    }

    public static SmokeSuite parse(YamlNode root) {
        YamlMap top = root.asMap().allowOnly(TOP_KEYS);
        top.get("kind").ifPresent(kind -> {
            if (!kind.asString().equals("SmokeSuite")) {
                throw kind.error("expected kind SmokeSuite, found '" + kind.asString() + "'");
            }
        });
        String name = nonBlank(top.require("name"));
        SmokeSuite.Defaults defaults = defaults(top.get("defaults"));
        List<YamlNode> items = top.require("cases").asList();
        if (items.isEmpty()) {
            throw top.require("cases").error("a suite needs at least one case");
        }
        List<SmokeCase> cases = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (YamlNode item : items) {
            SmokeCase smokeCase = smokeCase(item, defaults);
            if (!names.add(smokeCase.name())) {
                throw item.asMap().require("name").error("duplicate case name '" + smokeCase.name() + "'");
            }
            cases.add(smokeCase);
        }
        return new SmokeSuite(root.file(), name, defaults, cases);
    }

    private static SmokeSuite.Defaults defaults(Optional<YamlNode> node) {
        if (node.isEmpty()) {
            return new SmokeSuite.Defaults(Map.of(), OptionalLong.empty(), SmokeSuite.Defaults.DEFAULT_TIMEOUT_MS);
        }
        YamlMap map = node.get().asMap().allowOnly(DEFAULTS_KEYS);
        Map<String, String> headers = map.get("headers").map(SmokeSuiteParser::requestHeaders).orElse(Map.of());
        OptionalLong budget = latency(map.get("max_latency_ms"));
        long timeout = map.get("timeout_ms").map(t -> positive(t, MAX_TIMEOUT_MS))
                .orElse(SmokeSuite.Defaults.DEFAULT_TIMEOUT_MS);
        return new SmokeSuite.Defaults(headers, budget, timeout);
    }

    private static SmokeCase smokeCase(YamlNode node, SmokeSuite.Defaults defaults) {
        YamlMap map = node.asMap().allowOnly(CASE_KEYS);
        String name = nonBlank(map.require("name"));
        SmokeRequest request = request(map.require("request"), defaults.headers());
        SmokeExpectations expect = map.get("expect").map(e -> expectations(e, defaults))
                .orElse(new SmokeExpectations(200, Optional.empty(), Optional.empty(), List.of(), Map.of(),
                        defaults.maxLatencyMs()));
        return new SmokeCase(name, request, expect);
    }

    private static SmokeRequest request(YamlNode node, Map<String, String> defaultHeaders) {
        YamlMap map = node.asMap().allowOnly(REQUEST_KEYS);
        String method = map.string("method", "POST");
        if (!METHODS.contains(method)) {
            throw map.require("method").error("unknown HTTP method '" + method + "'"
                    + Suggestions.hint(method, METHODS)
                    + "; methods are: " + String.join(", ", METHODS));
        }
        String path = map.string("path", "");
        if (!path.isEmpty() && !PATH.matcher(path).matches()) {
            throw map.require("path").error("a path starts with / or ? and has only URL characters (spaces and the like "
                    + "written %20), found '" + path + "'");
        }
        Map<String, String> headers = new LinkedHashMap<>(defaultHeaders);
        map.get("headers").map(SmokeSuiteParser::requestHeaders).orElse(Map.of()).forEach((key, value) -> {
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(key));
            headers.put(key, value);
        });
        return new SmokeRequest(method, path, headers, map.string("body", ""));
    }

    private static SmokeExpectations expectations(YamlNode node, SmokeSuite.Defaults defaults) {
        YamlMap map = node.asMap().allowOnly(EXPECT_KEYS);
        int status = map.get("status").map(SmokeSuiteParser::status).orElse(200);
        Optional<String> contentType = map.get("content_type").map(SmokeSuiteParser::nonBlank);
        Optional<Predictions> predictions = predictions(map.get("predictions"), map.get("label"));
        List<String> bodyContains = map.get("body_contains").map(SmokeSuiteParser::texts).orElse(List.of());
        Map<String, String> headers = new LinkedHashMap<>();
        map.get("headers").map(SmokeSuiteParser::headerMap).orElse(Map.of())
                .forEach((key, value) -> headers.put(key.toLowerCase(Locale.ROOT), value));
        OptionalLong budget = map.get("max_latency_ms").isPresent() ? latency(map.get("max_latency_ms"))
                : defaults.maxLatencyMs();
        return new SmokeExpectations(status, contentType, predictions, bodyContains, headers, budget);
    }

    private static Optional<Predictions> predictions(Optional<YamlNode> node, Optional<YamlNode> label) {
        if (node.isEmpty() && label.isEmpty()) {
            return Optional.empty();
        }
        Optional<YamlMap> map = node.map(n -> n.asMap().allowOnly(PREDICTIONS_KEYS));
        OptionalInt count = map.flatMap(m -> m.get("count"))
                .map(c -> OptionalInt.of((int) positive(c, 0, Integer.MAX_VALUE))).orElse(OptionalInt.empty());
        Optional<ScoreRange> range = map.flatMap(m -> m.get("score_range")).map(SmokeSuiteParser::scoreRange);
        Set<Integer> labelsIn = map.flatMap(m -> m.get("labels_in")).map(l -> Set.copyOf(integers(l))).orElse(Set.of());
        if (label.isEmpty()) {
            return Optional.of(new Predictions(count, range, labelsIn, OptionalInt.empty(), List.of()));
        }
        if (label.get().isScalar()) {
            return Optional.of(new Predictions(count, range, labelsIn, OptionalInt.of(label.get().asInt()), List.of()));
        }
        List<Integer> inOrder = integers(label.get());
        if (inOrder.isEmpty() || count.isPresent() && count.getAsInt() != inOrder.size()) {
            throw label.get().error("lists " + inOrder.size() + " labels but the answer must have "
                    + (count.isPresent() ? count.getAsInt() + " predictions (predictions.count)" : "at least one"));
        }
        return Optional.of(new Predictions(count, range, labelsIn, OptionalInt.empty(), inOrder));
    }

    private static ScoreRange scoreRange(YamlNode node) {
        List<YamlNode> bounds = node.asList();
        if (bounds.size() != 2) {
            throw node.error("expected [min, max], found " + bounds.size() + " values");
        }
        double min = bounds.get(0).asDouble();
        double max = bounds.get(1).asDouble();
        if (min > max) {
            throw node.error("min " + min + " is above max " + max);
        }
        return new ScoreRange(min, max);
    }

    private static Map<String, String> requestHeaders(YamlNode node) {
        Map<String, String> headers = headerMap(node);
        YamlMap map = node.asMap();
        for (String name : headers.keySet()) {
            if (SmokeHttp.RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw map.keyNode(name).error("the header '" + name
                        + "' is set by the HTTP client and cannot be sent by a suite");
            }
        }
        return headers;
    }

    private static Map<String, String> headerMap(YamlNode node) {
        YamlMap map = node.asMap();
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : map.keys()) {
            if (!SmokeHttp.TOKEN.matcher(name).matches()) {
                throw map.keyNode(name).error("'" + name + "' is not a valid HTTP header name");
            }
            String value = map.require(name).asString();
            if (!value.chars().allMatch(c -> c == '\t' || (c >= ' ' && c != 127))) {
                throw map.require(name).error("a header value cannot contain line breaks or control characters");
            }
            headers.put(name, value);
        }
        return headers;
    }

    private static List<String> texts(YamlNode node) {
        List<YamlNode> items = node.isScalar() ? List.of(node) : node.asList();
        return items.stream().map(SmokeSuiteParser::nonBlank).toList();
    }

    private static List<Integer> integers(YamlNode node) {
        return node.asList().stream().map(YamlNode::asInt).toList();
    }

    private static int status(YamlNode node) {
        return (int) positive(node, 100, 599);
    }

    private static OptionalLong latency(Optional<YamlNode> node) {
        return node.map(n -> OptionalLong.of(positive(n, MAX_TIMEOUT_MS))).orElse(OptionalLong.empty());
    }

    private static long positive(YamlNode node, long max) {
        return positive(node, 1, max);
    }

    private static long positive(YamlNode node, long min, long max) {
        long value = node.asLong();
        if (value < min || value > max) {
            throw node.error("must be between " + min + " and " + max + ", found " + value);
        }
        return value;
    }

    private static String nonBlank(YamlNode node) {
        String text = node.asString();
        if (text.isBlank()) {
            throw node.error("must not be empty");
        }
        return text;
    }
}
