package dev.mlops.spec;

import dev.mlops.WorkFailedException;
import dev.mlops.registry.ModelPackageRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Changes the model package of an environment file by editing only the text of its value.
 *
 * <p>Why a targeted edit rather than rendering the file from a template: people edit these files
 * too (comments, ordering, an extra alarm), and every change is reviewed as a Git diff. Editing
 * the scalar in place keeps their comments and layout, and a deploy shows up as a one-line diff
 * ({@code version: 2} to {@code version: 3}). Positions come from the YAML parser, not from a
 * regular expression, so quoting, flow style and comments cannot fool it; and the result is parsed
 * again and must equal the old spec with only the model package changed, or nothing is written.
 */
public final class EnvironmentSpecWriter {
    private static final String BOM = "\uFEFF";

    private EnvironmentSpecWriter() {
    }

    /**
     * The text of {@code file} with its model package set to {@code version} (empty: none). Returns
     * {@code text} itself when the file already has that version.
     */
    public static String withModelPackage(String text, String file, Optional<ModelPackageRef> version) {
        boolean bom = text.startsWith(BOM);
        String body = bom ? text.substring(1) : text;
        YamlNode root = YamlNode.parse(body, file);
        EnvironmentSpec before = EnvironmentSpecParser.parse(root);
        if (before.modelPackage().equals(version)) {
            return text;
        }
        String edited = edit(body, root.asMap(), version);
        EnvironmentSpec after = EnvironmentSpecParser.parse(edited, file);
        if (!after.equals(before.withModelPackage(version))) {
            throw new WorkFailedException("cannot write model_package into " + file
                    + ": the edited file does not read back as the same environment; set model_package by hand");
        }
        return bom ? BOM + edited : edited;
    }

    private record Edit(int start, int end, String replacement) {
    }

    private static String edit(String body, YamlMap top, Optional<ModelPackageRef> version) {
        Optional<YamlNode> value = top.get("model_package");
        if (value.isEmpty()) {
            return version.map(v -> appendBlock(body, v)).orElse(body);
        }
        YamlNode node = value.get();
        List<Edit> edits = node.isFlowMapping() ? List.of(replace(node, flow(node, version)))
                : inBlock(node, version).orElseGet(() -> List.of(rewrite(top, node, version)));
        return apply(body, edits);
    }

    /** Edits {@code version:} (and {@code group:} when it changes) inside a block mapping, if it has both. */
    private static Optional<List<Edit>> inBlock(YamlNode node, Optional<ModelPackageRef> version) {
        if (node.isNull() || node.isScalar()) {
            return Optional.empty();
        }
        YamlMap map = node.asMap();
        Optional<YamlNode> versionNode = map.get("version").filter(YamlNode::isScalar);
        Optional<YamlNode> groupNode = map.get("group").filter(YamlNode::isScalar);
        if (versionNode.isEmpty() || (version.isPresent() && groupNode.isEmpty())) {
            return Optional.empty();
        }
        List<Edit> edits = new ArrayList<>();
        edits.add(scalar(versionNode.get(), version.map(v -> Integer.toString(v.version())).orElse("null")));
        version.filter(v -> !v.group().equals(groupNode.get().asString()))
                .ifPresent(v -> edits.add(scalar(groupNode.get(), v.group())));
        return Optional.of(edits);
    }

    /** Replaces a scalar's text; an empty value ({@code version:}) gets a space before the new one. */
    private static Edit scalar(YamlNode node, String text) {
        boolean empty = node.startOffset() == node.endOffset();
        return new Edit(node.startOffset(), node.endOffset(), empty ? " " + text : text);
    }

    private static Edit replace(YamlNode node, String text) {
        return new Edit(node.startOffset(), node.endOffset(), text);
    }

    /** Replaces everything from the end of the key to the end of its value with a block mapping. */
    private static Edit rewrite(YamlMap top, YamlNode node, Optional<ModelPackageRef> version) {
        YamlNode key = top.keyNode("model_package");
        String indent = " ".repeat(key.location().column() + 1);
        String replacement = version.map(v -> ":\n" + indent + "group: " + v.group() + "\n" + indent + "version: "
                + v.version()).orElse(": null");
        return new Edit(key.endOffset(), node.endOffset(), replacement);
    }

    private static String flow(YamlNode node, Optional<ModelPackageRef> version) {
        Optional<String> group = version.map(ModelPackageRef::group)
                .or(() -> node.asMap().get("group").filter(YamlNode::isScalar).map(YamlNode::asString));
        String number = version.map(v -> Integer.toString(v.version())).orElse("null");
        return group.map(g -> "{group: " + g + ", version: " + number + "}").orElse("null");
    }

    private static String appendBlock(String body, ModelPackageRef version) {
        String separator = body.isEmpty() || body.endsWith("\n") ? "" : "\n";
        return body + separator + "model_package:\n  group: " + version.group() + "\n  version: " + version.version()
                + "\n";
    }

    /** Applies edits from the last to the first, so earlier offsets stay valid; offsets are in code points. */
    private static String apply(String body, List<Edit> edits) {
        StringBuilder text = new StringBuilder(body);
        List<Edit> ordered = new ArrayList<>(edits);
        ordered.sort(Comparator.comparingInt(Edit::start).reversed());
        for (Edit edit : ordered) {
            int start = body.offsetByCodePoints(0, edit.start());
            int end = body.offsetByCodePoints(0, edit.end());
            text.replace(start, end, edit.replacement());
        }
        return text.toString();
    }
}
