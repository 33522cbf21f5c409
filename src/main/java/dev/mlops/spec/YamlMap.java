package dev.mlops.spec;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeTuple;

/** A YAML mapping whose keys are checked: unknown and duplicate keys are errors with a hint. */
public final class YamlMap {
    private final YamlNode self;
    private final Map<String, YamlNode> entries = new LinkedHashMap<>();
    private final Map<String, YamlNode> keyNodes = new LinkedHashMap<>();

    YamlMap(MappingNode mapping, YamlNode self) {
        this.self = self;
        for (NodeTuple tuple : mapping.getValue()) {
            YamlNode keyNode = self.child(tuple.getKeyNode(), "");
            String key = keyNode.scalarText().orElseThrow(() -> keyNode.error("a key must be a plain value"));
            if (entries.containsKey(key)) {
                throw self.child(tuple.getKeyNode(), key).error("duplicate key '" + key + "'");
            }
            entries.put(key, self.child(tuple.getValueNode(), key));
            keyNodes.put(key, self.child(tuple.getKeyNode(), key));
        }
    }

    public YamlNode node() {
        return self;
    }

    /** Fails on the first key not in {@code allowed}, naming it and the closest allowed key. */
    public YamlMap allowOnly(Collection<String> allowed) {
        for (String key : entries.keySet()) {
            if (!allowed.contains(key)) {
                throw keyNodes.get(key).error("unknown key '" + key + "'" + Suggestions.hint(key, allowed)
                        + "; valid keys are: " + String.join(", ", allowed));
            }
        }
        return this;
    }

    public Set<String> keys() {
        return entries.keySet();
    }

    public Optional<YamlNode> get(String key) {
        return Optional.ofNullable(entries.get(key));
    }

    public YamlNode require(String key) {
        YamlNode value = entries.get(key);
        if (value == null) {
            throw self.error("missing required key '" + key + "'");
        }
        return value;
    }

    public String string(String key, String fallback) {
        return get(key).map(YamlNode::asString).orElse(fallback);
    }

    public List<String> strings(String key, List<String> fallback) {
        return get(key).map(YamlNode::asStringList).orElse(fallback);
    }

    public YamlNode keyNode(String key) {
        return keyNodes.get(key);
    }
}
