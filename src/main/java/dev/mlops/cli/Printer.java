package dev.mlops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.util.Map;

/**
 * Where a command's words go: progress to stderr as work goes on; the result to stdout, as text
 * or as exactly one JSON object, so a Jenkins step can parse stdout whatever the log shows.
 */
final class Printer {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    enum Format { text, json }

    private final PrintWriter out;
    private final PrintWriter err;
    private final Format format;

    Printer(PrintWriter out, PrintWriter err, Format format) {
        this.out = out;
        this.err = err;
        this.format = format;
    }

    void progress(String line) {
        err.println(line);
        err.flush();
    }

    /** Prints the result: the JSON map, or the text for people. */
    void result(Map<String, ?> json, String text) {
        if (format == Format.json) {
            json(out, json);
        } else {
            out.print(text.endsWith("\n") ? text : text + "\n");
            out.flush();
        }
    }

    static void json(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON result: " + e.getMessage(), e);
        }
    }
}
