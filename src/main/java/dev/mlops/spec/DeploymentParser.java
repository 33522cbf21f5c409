package dev.mlops.spec;

import dev.mlops.spec.EnvironmentSpec.CapacitySize;
import dev.mlops.spec.EnvironmentSpec.CapacityType;
import dev.mlops.spec.EnvironmentSpec.Deployment;
import dev.mlops.spec.EnvironmentSpec.Strategy;
import dev.mlops.spec.EnvironmentSpec.TrafficRouting;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads the {@code deployment:} block with SageMaker's limits for {@code DeploymentConfig}. */
final class DeploymentParser {
    static final List<String> KEYS = List.of("strategy", "traffic_routing", "wait_interval_seconds", "canary_size",
            "linear_step_size", "termination_wait_seconds", "maximum_execution_timeout_seconds", "alarms");
    static final int DEFAULT_TIMEOUT_SECONDS = 3600;
    /** SageMaker's {@code AutoRollbackConfig} takes at most 10 alarms. */
    private static final int MAX_ALARMS = 10;

    private DeploymentParser() {
    }

    static Deployment parse(Optional<YamlNode> node, int instanceCount) {
        if (node.isEmpty()) {
            return new Deployment(Strategy.BLUE_GREEN, TrafficRouting.ALL_AT_ONCE, 0, Optional.empty(), Optional.empty(),
                    0, DEFAULT_TIMEOUT_SECONDS, List.of());
        }
        YamlMap map = node.get().asMap().allowOnly(KEYS);
        Strategy strategy = map.get("strategy").map(n -> choice(n, Strategy.class)).orElse(Strategy.BLUE_GREEN);
        TrafficRouting routing = map.get("traffic_routing").map(n -> choice(n, TrafficRouting.class))
                .orElse(TrafficRouting.ALL_AT_ONCE);
        int wait = map.get("wait_interval_seconds").map(n -> EnvironmentSpecParser.intIn(n, 0, 3600)).orElse(0);
        Optional<CapacitySize> canary = size(map, "canary_size", routing == TrafficRouting.CANARY, instanceCount);
        Optional<CapacitySize> linear = size(map, "linear_step_size", routing == TrafficRouting.LINEAR, instanceCount);
        int termination = map.get("termination_wait_seconds").map(n -> EnvironmentSpecParser.intIn(n, 0, 3600)).orElse(0);
        int timeout = map.get("maximum_execution_timeout_seconds").map(n -> EnvironmentSpecParser.intIn(n, 600, 28800))
                .orElse(DEFAULT_TIMEOUT_SECONDS);
        if (timeout <= wait + termination) {
            YamlNode at = map.get("maximum_execution_timeout_seconds").orElse(map.node());
            throw at.error("the maximum execution timeout (" + timeout + " s) must be longer than"
                    + " wait_interval_seconds + termination_wait_seconds (" + (wait + termination) + " s)");
        }
        return new Deployment(strategy, routing, wait, canary, linear, termination, timeout, alarms(map));
    }

    /** Reads {@code key} when the routing needs it; a size the routing does not use is a mistake, not ignored. */
    private static Optional<CapacitySize> size(YamlMap map, String key, boolean needed, int instanceCount) {
        Optional<YamlNode> node = map.get(key);
        String routing = key.equals("canary_size") ? "CANARY" : "LINEAR";
        if (node.isEmpty()) {
            if (needed) {
                throw map.node().error("traffic_routing " + routing + " needs " + key + " {type, value}");
            }
            return Optional.empty();
        }
        if (!needed) {
            throw map.keyNode(key).error(key + " applies only when traffic_routing is " + routing);
        }
        YamlMap size = node.get().asMap().allowOnly(List.of("type", "value"));
        CapacityType type = choice(size.require("type"), CapacityType.class);
        YamlNode valueNode = size.require("value");
        int value = valueNode.asInt();
        checkSize(valueNode, key.equals("canary_size"), new CapacitySize(type, value), instanceCount);
        return Optional.of(new CapacitySize(type, value));
    }

    /** Canary: at most 50 % of the fleet. Linear step: 10-50 % of the fleet. (SageMaker's TrafficRoutingConfig.) */
    private static void checkSize(YamlNode node, boolean canary, CapacitySize size, int instanceCount) {
        int min = canary ? 1 : 10;
        if (size.type() == CapacityType.CAPACITY_PERCENT) {
            EnvironmentSpecParser.intIn(node, min, 50);
            return;
        }
        int value = size.value();
        if (value < 1) {
            throw node.error("an instance count is 1 or more, found " + value);
        }
        if (value * 2 > instanceCount) {
            throw node.error((canary ? "a canary" : "a linear step") + " of " + value + " instance(s) is more than 50% of"
                    + " endpoint.instance_count " + instanceCount + "; use more instances or CAPACITY_PERCENT");
        }
        if (!canary && value * 10 < instanceCount) {
            throw node.error("a linear step of " + value + " instance(s) is less than 10% of endpoint.instance_count "
                    + instanceCount);
        }
    }

    private static List<String> alarms(YamlMap map) {
        Optional<YamlNode> node = map.get("alarms");
        if (node.isEmpty()) {
            return List.of();
        }
        List<YamlNode> items = node.get().asList();
        if (items.size() > MAX_ALARMS) {
            throw node.get().error("SageMaker takes at most " + MAX_ALARMS + " rollback alarms, found " + items.size());
        }
        Set<String> seen = new HashSet<>();
        for (YamlNode item : items) {
            String alarm = item.asString();
            if (alarm.isBlank() || alarm.length() > 255) {
                throw item.error("a CloudWatch alarm name has 1-255 characters");
            }
            if (!seen.add(alarm)) {
                throw item.error("alarm '" + alarm + "' is listed twice");
            }
        }
        return items.stream().map(YamlNode::asString).toList();
    }

    /** Matches an enum constant ignoring case ({@code blue_green}, {@code CANARY}); suggests the closest one. */
    static <E extends Enum<E>> E choice(YamlNode node, Class<E> type) {
        String text = node.asString().trim();
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equalsIgnoreCase(text)) {
                return constant;
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
        throw node.error("unknown value '" + text + "'" + Suggestions.hint(text.toUpperCase(), names)
                + "; valid values are: " + String.join(", ", names));
    }
}
