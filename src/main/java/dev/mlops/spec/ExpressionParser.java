package dev.mlops.spec;

import java.util.List;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a derived feature's expression: numbers, numeric columns in backticks
 * ({@code `Torque [Nm]`}), {@code + - * /}, parentheses and unary minus; nothing else (no names,
 * no function calls), so nothing in a spec can run code. A divisor must be a non-zero constant:
 * a column, or anything computed from one, can be zero on some row, and a feature that is
 * infinite or NaN on some rows would train and serve differently. Errors name the character.
 */
final class ExpressionParser {
    private static final Pattern NUMBER = Pattern.compile("([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    static final String ALLOWED = "numbers, numeric columns in backticks (`Torque [Nm]`), + - * / and parentheses";

    private final String text;
    private final List<String> numericColumns;
    private final List<String> otherColumns;
    private final BiFunction<Integer, String, SpecException> errorAt;
    private int pos;

    private ExpressionParser(String text, List<String> numericColumns, List<String> otherColumns,
                             BiFunction<Integer, String, SpecException> errorAt) {
        this.text = text;
        this.numericColumns = numericColumns;
        this.otherColumns = otherColumns;
        this.errorAt = errorAt;
    }

    /**
     * @param numericColumns the columns an expression may use
     * @param otherColumns   columns that exist but are not numeric features (named in the error)
     * @param errorAt        the error for a character index of {@code text}
     */
    static Expression parse(String text, List<String> numericColumns, List<String> otherColumns,
                            BiFunction<Integer, String, SpecException> errorAt) {
        ExpressionParser parser = new ExpressionParser(text, numericColumns, otherColumns, errorAt);
        parser.skipBlanks();
        if (parser.pos == text.length()) {
            throw errorAt.apply(0, "the expression is empty; use " + ALLOWED);
        }
        Expression expression = parser.sum();
        if (parser.pos < text.length()) {
            throw parser.unexpected();
        }
        return expression;
    }

    private Expression sum() {
        Expression left = product();
        while (peek() == '+' || peek() == '-') {
            char op = text.charAt(pos++);
            left = new Expression.Binary(op, left, product());
        }
        return left;
    }

    private Expression product() {
        Expression left = unary();
        while (peek() == '*' || peek() == '/') {
            char op = text.charAt(pos++);
            skipBlanks();
            int start = pos;
            Expression right = unary();
            if (op == '/') {
                checkDivisor(right, start);
            }
            left = new Expression.Binary(op, left, right);
        }
        return left;
    }

    private void checkDivisor(Expression divisor, int start) {
        String shown = text.substring(start, pos).strip();
        if (!divisor.isConstant()) {
            throw errorAt.apply(start, "cannot divide by " + shown + ": it depends on a column, which can be 0 on"
                    + " some row; divide only by a non-zero number (multiply instead, or use a difference)");
        }
        if (divisor.evaluate(c -> 0) == 0) {
            throw errorAt.apply(start, "cannot divide by " + shown + ": it is 0");
        }
    }

    private Expression unary() {
        if (peek() == '-') {
            pos++;
            return new Expression.Negate(unary());
        }
        return primary();
    }

    private Expression primary() {
        char c = peek();
        int start = pos;
        if (c == '(') {
            pos++;
            Expression inner = sum();
            if (peek() != ')') {
                throw pos < text.length() ? unexpected() : errorAt.apply(start, "this parenthesis is never closed");
            }
            pos++;
            return inner;
        }
        if (c == '`') {
            int end = text.indexOf('`', pos + 1);
            if (end < 0) {
                throw errorAt.apply(start, "this backtick is never closed; write a column as `Torque [Nm]`");
            }
            String name = text.substring(pos + 1, end);
            pos = end + 1;
            return column(name, start);
        }
        Matcher number = NUMBER.matcher(text).region(pos, text.length());
        if (number.lookingAt()) {
            pos = number.end();
            return new Expression.Number(Double.parseDouble(number.group()));
        }
        throw unexpected();
    }

    private Expression column(String name, int start) {
        if (numericColumns.contains(name)) {
            return new Expression.Column(name);
        }
        if (otherColumns.contains(name)) {
            throw errorAt.apply(start, "column '" + name + "' is not a numeric feature; an expression may use only"
                    + " the columns of features.numeric: " + String.join(", ", numericColumns));
        }
        throw errorAt.apply(start, "unknown column '" + name + "'" + Suggestions.hint(name, numericColumns)
                + "; an expression may use the columns of features.numeric: " + String.join(", ", numericColumns));
    }

    private SpecException unexpected() {
        if (pos >= text.length()) {
            return errorAt.apply(text.length(), "the expression ends too early; use " + ALLOWED);
        }
        Matcher word = WORD.matcher(text).region(pos, text.length());
        if (word.lookingAt()) {
            int after = word.end();
            while (after < text.length() && Character.isWhitespace(text.charAt(after))) {
                after++;
            }
            if (after < text.length() && text.charAt(after) == '(') {
                return errorAt.apply(pos, "'" + word.group() + "(...)' is a function call; only arithmetic is allowed: "
                        + ALLOWED);
            }
            return errorAt.apply(pos, "'" + word.group() + "' is not allowed: write a column in backticks, like `"
                    + word.group() + "`; an expression holds " + ALLOWED);
        }
        return errorAt.apply(pos, "unexpected '" + text.charAt(pos) + "'; an expression holds " + ALLOWED);
    }

    private char peek() {
        skipBlanks();
        return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private void skipBlanks() {
        while (pos < text.length() && (text.charAt(pos) == ' ' || text.charAt(pos) == '\t')) {
            pos++;
        }
    }
}
