package dev.mlops.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Asserts that what the Java local backend and the Python scripts wrote agree, and keeps the
 * largest difference seen per kind of output, so the test can report the measured parity.
 */
final class ParityChecks {
    private final String dataset;
    private final List<String> figures = new ArrayList<>();
    private int lines;
    private int identicalLines;
    private double maxFeatureDifference;

    ParityChecks(String dataset) {
        this.dataset = dataset;
    }

    /**
     * Two label-first split CSVs hold the same rows in the same (file) order: same line count, same
     * label per line and every feature within {@code tolerance}. Rows of the AI4I data are distinct,
     * so a row in another split would show as a different line.
     */
    void splitsMatch(String part, List<String> java, List<String> python, double tolerance) {
        assertEquals(java.size(), python.size(), dataset + ": rows in the " + part + " split");
        for (int i = 0; i < java.size(); i++) {
            lines++;
            if (java.get(i).equals(python.get(i))) {
                identicalLines++;
                continue;
            }
            String[] j = java.get(i).split(",", -1);
            String[] p = python.get(i).split(",", -1);
            String where = dataset + ": " + part + ".csv line " + (i + 1);
            assertEquals(j.length, p.length, where + ": field count");
            assertEquals(j[0], p[0], where + ": label");
            for (int k = 1; k < j.length; k++) {
                double difference = Math.abs(Double.parseDouble(j[k]) - Double.parseDouble(p[k]));
                maxFeatureDifference = Math.max(maxFeatureDifference, difference);
                assertTrue(difference <= tolerance, where + " column " + (k + 1) + ": java " + j[k] + ", python " + p[k]);
            }
        }
    }

    /** Records the split comparison as a figure. */
    void splitFigure() {
        figures.add(String.format(Locale.ROOT, "split CSVs: %d of %d lines byte-identical, max |diff| of a feature %.3g",
                identicalLines, lines, maxFeatureDifference));
    }

    /**
     * Two JSON documents have the same shape, the same strings and booleans, and numbers within
     * {@code tolerance}; returns the largest numeric difference and records it under {@code what}.
     */
    double jsonMatches(String what, JsonNode java, JsonNode python, double tolerance) {
        double max = compare(java, python, what, tolerance);
        figures.add(String.format(Locale.ROOT, "%s: max |diff| %.3g", what, max));
        return max;
    }

    /** Records a measured difference that was asserted elsewhere. */
    void figure(String what, double maxDifference) {
        figures.add(String.format(Locale.ROOT, "%s: max |diff| %.3g", what, maxDifference));
    }

    String report() {
        return "parity on " + dataset + ":\n  " + String.join("\n  ", figures);
    }

    private static double compare(JsonNode java, JsonNode python, String path, double tolerance) {
        if (java.isNumber() && python.isNumber()) {
            double difference = Math.abs(java.asDouble() - python.asDouble());
            assertTrue(difference <= tolerance, path + ": java " + java + ", python " + python);
            return difference;
        }
        assertEquals(java.getNodeType(), python.getNodeType(), path + ": kind of value");
        double max = 0;
        if (java.isObject()) {
            assertEquals(names(java), names(python), path + ": fields");
            for (String name : names(java)) {
                max = Math.max(max, compare(java.get(name), python.get(name), path + "." + name, tolerance));
            }
        } else if (java.isArray()) {
            assertEquals(java.size(), python.size(), path + ": length");
            for (int i = 0; i < java.size(); i++) {
                max = Math.max(max, compare(java.get(i), python.get(i), path + "[" + i + "]", tolerance));
            }
        } else {
            assertEquals(java, python, path);
        }
        return max;
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        names.sort(null);
        return names;
    }
}
