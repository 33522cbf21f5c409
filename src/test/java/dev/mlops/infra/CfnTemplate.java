package dev.mlops.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation template read as CloudFormation reads it: YAML whose short-form intrinsic
 * functions ({@code !Ref X}, {@code !Sub ...}, {@code !GetAtt A.B}, {@code !If [...]}, ...) become
 * their long form ({@code {"Ref": "X"}}, {@code {"Fn::Sub": ...}}, {@code {"Fn::GetAtt": ["A", "B"]}}).
 * An unknown tag is an error, as it is for CloudFormation.
 */
final class CfnTemplate {
    /** Short-form tags and their long-form keys. */
    static final Map<String, String> FUNCTIONS = Map.ofEntries(Map.entry("Ref", "Ref"), Map.entry("Condition", "Condition"),
            Map.entry("Sub", "Fn::Sub"), Map.entry("GetAtt", "Fn::GetAtt"), Map.entry("If", "Fn::If"),
            Map.entry("Equals", "Fn::Equals"), Map.entry("Not", "Fn::Not"), Map.entry("And", "Fn::And"),
            Map.entry("Or", "Fn::Or"), Map.entry("Join", "Fn::Join"), Map.entry("Select", "Fn::Select"),
            Map.entry("Split", "Fn::Split"), Map.entry("FindInMap", "Fn::FindInMap"), Map.entry("GetAZs", "Fn::GetAZs"),
            Map.entry("ImportValue", "Fn::ImportValue"), Map.entry("Base64", "Fn::Base64"), Map.entry("Cidr", "Fn::Cidr"));

    private final Path file;
    private final Map<String, Object> root;

    private CfnTemplate(Path file, Map<String, Object> root) {
        this.file = file;
        this.root = root;
    }

    static CfnTemplate read(Path file) throws IOException {
        Object loaded = new Yaml(new ShortForms()).load(Files.readString(file));
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException(file + " is not a YAML mapping");
        }
        return new CfnTemplate(file, cast(map));
    }

    Path file() {
        return file;
    }

    String formatVersion() {
        return String.valueOf(root.get("AWSTemplateFormatVersion"));
    }

    Map<String, Object> section(String name) {
        Object value = root.get(name);
        return value == null ? Map.of() : cast(value);
    }

    Map<String, Object> parameters() {
        return section("Parameters");
    }

    Map<String, Object> conditions() {
        return section("Conditions");
    }

    Map<String, Object> resources() {
        return section("Resources");
    }

    Map<String, Object> outputs() {
        return section("Outputs");
    }

    Map<String, Object> resource(String logicalId) {
        Object resource = resources().get(logicalId);
        if (resource == null) {
            throw new AssertionError(file + " has no resource " + logicalId);
        }
        return cast(resource);
    }

    String type(String logicalId) {
        return (String) resource(logicalId).get("Type");
    }

    Map<String, Object> properties(String logicalId) {
        Object properties = resource(logicalId).get("Properties");
        return properties == null ? Map.of() : cast(properties);
    }

    /** The logical ids of the resources of a type. */
    List<String> ofType(String type) {
        return resources().keySet().stream().filter(id -> type.equals(type(id))).toList();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }

    /** SnakeYAML's safe constructor plus CloudFormation's short-form tags. */
    private static final class ShortForms extends SafeConstructor {
        ShortForms() {
            super(new LoaderOptions());
            FUNCTIONS.forEach((tag, key) -> yamlConstructors.put(new Tag("!" + tag), new ShortForm(key)));
        }

        private final class ShortForm extends AbstractConstruct {
            private final String key;

            ShortForm(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    value = key.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> function = new LinkedHashMap<>();
                function.put(key, value);
                return function;
            }
        }
    }
}
