package dev.mlops.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code features.derived}: features computed from the numeric columns, e.g.
 * <pre>
 *   derived:
 *     - name: Temperature difference [K]
 *       expression: "`Process temperature [K]` - `Air temperature [K]`"
 * </pre>
 * Each expression is parsed here, once; errors point at the character (file:line:column).
 */
final class DerivedFeatures {
    private DerivedFeatures() {
    }

    static List<PipelineSpec.Derived> parse(Optional<YamlNode> node, List<String> numeric, List<String> others) {
        List<PipelineSpec.Derived> derived = new ArrayList<>();
        List<String> taken = new ArrayList<>(numeric);
        taken.addAll(others);
        for (YamlNode item : node.map(YamlNode::asList).orElse(List.of())) {
            YamlMap entry = item.asMap().allowOnly(List.of("name", "expression"));
            YamlNode nameNode = entry.require("name");
            String name = nameNode.asString().strip();
            if (name.isEmpty() || name.contains("`")) {
                throw nameNode.error("a derived feature needs a name without backticks");
            }
            if (taken.contains(name)) {
                throw nameNode.error("'" + name + "' is already a column or a derived feature; give the derived"
                        + " feature its own name");
            }
            taken.add(name);
            YamlNode expressionNode = entry.require("expression");
            String text = expressionNode.asString();
            Expression tree = ExpressionParser.parse(text, numeric, others, expressionNode::errorAt);
            if (tree.isConstant()) {
                throw expressionNode.error("the expression uses no column, so the feature would be the same on"
                        + " every row; use at least one `column`");
            }
            derived.add(new PipelineSpec.Derived(name, text, tree));
        }
        return List.copyOf(derived);
    }
}
