package dev.mlops.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.ToDoubleFunction;

/**
 * A derived feature's arithmetic over numeric columns, parsed once from the spec by
 * {@link ExpressionParser}. Evaluation is plain IEEE double arithmetic, left operand first, with no
 * folding or reordering, so the Java featurizer and the Python scripts (which evaluate the same
 * tree, see {@link #toTree()}) get the same bits.
 */
public sealed interface Expression {

    /** The value for one row; {@code column} gives each referenced column's number. */
    double evaluate(ToDoubleFunction<String> column);

    /** The tree as JSON-ready maps: {"number": n}, {"column": name}, {"op": "neg"|"+"|"-"|"*"|"/", "args": [...]}. */
    Map<String, Object> toTree();

    /** Whether the value cannot change from row to row (numbers only). */
    default boolean isConstant() {
        return columns().isEmpty();
    }

    /** The columns referenced, sorted. */
    default Set<String> columns() {
        Set<String> names = new TreeSet<>();
        collect(this, names);
        return names;
    }

    private static void collect(Expression e, Set<String> names) {
        if (e instanceof Column c) {
            names.add(c.name());
        } else if (e instanceof Negate n) {
            collect(n.operand(), names);
        } else if (e instanceof Binary b) {
            collect(b.left(), names);
            collect(b.right(), names);
        }
    }

    record Number(double value) implements Expression {
        @Override
        public double evaluate(ToDoubleFunction<String> column) {
            return value;
        }

        @Override
        public Map<String, Object> toTree() {
            return Map.of("number", value);
        }
    }

    record Column(String name) implements Expression {
        @Override
        public double evaluate(ToDoubleFunction<String> column) {
            return column.applyAsDouble(name);
        }

        @Override
        public Map<String, Object> toTree() {
            return Map.of("column", name);
        }
    }

    record Negate(Expression operand) implements Expression {
        @Override
        public double evaluate(ToDoubleFunction<String> column) {
            return -operand.evaluate(column);
        }

        @Override
        public Map<String, Object> toTree() {
            return tree("neg", List.of(operand.toTree()));
        }
    }

    /** {@code op} is one of + - * /. */
    record Binary(char op, Expression left, Expression right) implements Expression {
        @Override
        public double evaluate(ToDoubleFunction<String> column) {
            double l = left.evaluate(column);
            double r = right.evaluate(column);
            return switch (op) {
                case '+' -> l + r;
                case '-' -> l - r;
                case '*' -> l * r;
                case '/' -> l / r;
                default -> throw new IllegalStateException("unknown operator " + op);
            };
        }

        @Override
        public Map<String, Object> toTree() {
            return tree(String.valueOf(op), List.of(left.toTree(), right.toTree()));
        }
    }

    private static Map<String, Object> tree(String op, List<Map<String, Object>> args) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("op", op);
        node.put("args", args);
        return node;
    }

    /** Rebuilds an expression from {@link #toTree()}'s form, as the featurizer artifact carries it. */
    static Expression fromTree(Object tree) {
        if (!(tree instanceof Map<?, ?> node)) {
            throw new IllegalArgumentException("an expression node must be an object, found " + tree);
        }
        if (node.get("number") instanceof java.lang.Number n) {
            return new Number(n.doubleValue());
        }
        if (node.get("column") instanceof String name) {
            return new Column(name);
        }
        Object op = node.get("op");
        if (!(node.get("args") instanceof List<?> args) || !(op instanceof String text)) {
            throw new IllegalArgumentException("an expression node needs number, column or op and args: " + node);
        }
        if (text.equals("neg") && args.size() == 1) {
            return new Negate(fromTree(args.get(0)));
        }
        if (text.length() == 1 && "+-*/".contains(text) && args.size() == 2) {
            return new Binary(text.charAt(0), fromTree(args.get(0)), fromTree(args.get(1)));
        }
        throw new IllegalArgumentException("unknown expression operator '" + op + "' with " + args.size() + " operands");
    }
}
