package dev.mlops.spec;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import dev.mlops.InputFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A node of a spec file with its place (file, line, column) and its field path, so every error
 * can say where it is. Only SnakeYAML's composer runs: no objects are constructed from the
 * document, which keeps untrusted YAML from instantiating anything.
 */
public final class YamlNode {
    private final Node node;
    private final String file;
    private final String path;

    YamlNode(Node node, String file, String path) {
        this.node = node;
        this.file = file;
        this.path = path;
    }

    public static YamlNode read(Path file) {
        String text;
        InputFiles.check(file, "spec", InputFiles.SPEC_LIMIT);
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new SpecException("cannot read spec " + file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new SpecException("cannot read spec " + file + ": not UTF-8 text");
        } catch (IOException e) {
            throw new SpecException("cannot read spec " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    public static YamlNode parse(String text, String file) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(5 * 1024 * 1024);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text));
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String where = mark == null ? file : new Location(file, mark.getLine() + 1, mark.getColumn() + 1).toString();
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new SpecException("cannot parse spec " + where + ": malformed YAML: " + problem);
        } catch (YAMLException e) {
            throw new SpecException("cannot parse spec " + file + ": malformed YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new SpecException("cannot parse spec " + file + ": the file is empty");
        }
        return new YamlNode(root, file, "");
    }

    public Location location() {
        Mark mark = node.getStartMark();
        return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    public String path() {
        return path.isEmpty() ? "(top level)" : path;
    }

    public String file() {
        return file;
    }

    /** An error about this node: "cannot read spec FILE:LINE:COL: FIELD: WHY". */
    public SpecException error(String why) {
        return new SpecException("cannot read spec " + location() + ": " + path() + ": " + why);
    }

    /**
     * An error about the character at {@code index} of this scalar's value: its own column when the
     * value is on one line and has no escapes (the usual case), else the start of the value.
     */
    SpecException errorAt(int index, String why) {
        Location start = location();
        Location at = start;
        if (node instanceof ScalarNode scalar && node.getStartMark().getLine() == node.getEndMark().getLine()) {
            boolean quoted = scalar.getScalarStyle() != DumperOptions.ScalarStyle.PLAIN;
            int width = node.getEndMark().getColumn() - node.getStartMark().getColumn() - (quoted ? 2 : 0);
            if (width == scalar.getValue().length()) {
                at = new Location(file, start.line(), start.column() + (quoted ? 1 : 0) + index);
            }
        }
        return new SpecException("cannot read spec " + at + ": " + path() + ": " + why);
    }

    public boolean isScalar() {
        return node instanceof ScalarNode;
    }

    public YamlMap asMap() {
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping (key: value lines), found " + describe());
        }
        return new YamlMap(mapping, this);
    }

    public List<YamlNode> asList() {
        if (!(node instanceof SequenceNode sequence)) {
            throw error("expected a list, found " + describe());
        }
        List<YamlNode> items = new ArrayList<>();
        List<Node> values = sequence.getValue();
        for (int i = 0; i < values.size(); i++) {
            items.add(new YamlNode(values.get(i), file, path + "[" + i + "]"));
        }
        return List.copyOf(items);
    }

    public List<String> asStringList() {
        return asList().stream().map(YamlNode::asString).toList();
    }

    public String asString() {
        if (!(node instanceof ScalarNode scalar)) {
            throw error("expected a single value, found " + describe());
        }
        return scalar.getValue();
    }

    public double asDouble() {
        String text = asString().trim();
        try {
            double value = Double.parseDouble(text);
            if (Double.isNaN(value) || Double.isInfinite(value)) {
                throw error("expected a finite number, found '" + text + "'");
            }
            return value;
        } catch (NumberFormatException e) {
            throw error("expected a number, found '" + text + "'");
        }
    }

    public long asLong() {
        String text = asString().trim();
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw error("expected a whole number, found '" + text + "'");
        }
    }

    public int asInt() {
        long value = asLong();
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw error("the number " + value + " is too large");
        }
        return (int) value;
    }

    public boolean asBoolean() {
        String text = asString().trim().toLowerCase();
        return switch (text) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw error("expected true or false, found '" + text + "'");
        };
    }

    /** Whether the value is YAML's null: {@code null}, {@code ~} or nothing after the colon. */
    public boolean isNull() {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** Where this node's text starts, in code points from the start of the parsed text (for targeted edits). */
    int startOffset() {
        return node.getStartMark().getIndex();
    }

    /** Where this node's text ends (exclusive), in code points from the start of the parsed text. */
    int endOffset() {
        return node.getEndMark().getIndex();
    }

    boolean isFlowMapping() {
        return node instanceof MappingNode mapping && mapping.getFlowStyle() == DumperOptions.FlowStyle.FLOW;
    }

    Optional<String> scalarText() {
        return node instanceof ScalarNode scalar ? Optional.of(scalar.getValue()) : Optional.empty();
    }

    YamlNode child(Node child, String key) {
        return new YamlNode(child, file, path.isEmpty() ? key : path + "." + key);
    }

    private String describe() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return "'" + ((ScalarNode) node).getValue() + "'";
    }
}
