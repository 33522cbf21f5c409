package dev.mlops.api;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The fields of one request record, in order, each numeric or not, so the API can refuse a
 * malformed record itself (naming the line and field) instead of paying for an endpoint call.
 * Category values are left to the endpoint's featurizer, which knows them.
 */
public record RecordShape(List<Field> fields) {
    private static final Pattern NUMBER = Pattern.compile("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?");

    public record Field(String name, boolean numeric) {
        public Field {
            Objects.requireNonNull(name, "name");
        }
    }

    public RecordShape {
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("a record shape needs at least one field");
        }
    }

    /** The AI4I record the workshop's endpoint takes, e.g. {@code L,298.4,308.2,1582,70.7,216}. */
    public static RecordShape ai4i() {
        return new RecordShape(List.of(new Field("Type", false), new Field("Air temperature", true),
                new Field("Process temperature", true), new Field("Rotational speed", true),
                new Field("Torque", true), new Field("Tool wear", true)));
    }

    /**
     * Checks one record's fields.
     *
     * @return empty when it is well formed, else why not, naming the field
     */
    Optional<String> problem(List<String> values) {
        if (values.size() != fields.size()) {
            return Optional.of("expected " + fields.size() + " fields ("
                    + String.join(",", fields.stream().map(Field::name).toList()) + "), found " + values.size());
        }
        for (int i = 0; i < fields.size(); i++) {
            Field field = fields.get(i);
            String value = strip(values.get(i));
            if (value.isEmpty()) {
                return Optional.of("field " + (i + 1) + " '" + field.name() + "' is empty");
            }
            if (field.numeric() && !isFiniteNumber(value)) {
                return Optional.of("field " + (i + 1) + " '" + field.name() + "' must be a number, found '"
                        + abbreviate(value) + "'");
            }
        }
        return Optional.empty();
    }

    /**
     * A finite decimal number, as the endpoint's featurizer (inference.py, and dev.mlops.ml.CsvRecords
     * locally) reads one: no hex, no {@code 216f}/{@code 298.4d}, no {@code inf}, no control characters.
     * Duplicated here because the Lambda package holds only dev.mlops.api.
     */
    private static boolean isFiniteNumber(String text) {
        return NUMBER.matcher(text).matches() && Double.isFinite(Double.parseDouble(text));
    }

    /** Keeps error messages short: a caller's giant value is not echoed back whole. */
    static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    /** Without the ASCII whitespace around it (never NUL or other control characters). */
    static String strip(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && isAsciiSpace(value.charAt(start))) {
            start++;
        }
        while (end > start && isAsciiSpace(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean isAsciiSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == '\f';
    }
}
