package dev.mlops.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlops.MlopsException;
import dev.mlops.Outcome;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Where a command's words go: progress to stderr as work goes on; the result to stdout, as text
 * or as exactly one JSON object, so a Jenkins step can parse stdout whatever the log shows. Loop
 * modes print one compact JSON object per line (NDJSON), one per pass.
 */
final class Printer {
    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    enum Format { text, json }

    private final PrintWriter out;
    private final PrintWriter err;
    private final Format format;
    /** Set by the first result or interruption: stdout carries one result whatever ends the command. */
    private final AtomicBoolean resultWritten = new AtomicBoolean();

    Printer(PrintWriter out, PrintWriter err, Format format) {
        this.out = out;
        this.err = err;
        this.format = format;
    }

    void progress(String line) {
        err.println(line);
        err.flush();
    }

    /** Prints the one result of a command: the JSON map, or the text for people. */
    void result(Map<String, ?> json, String text) {
        if (!resultWritten.compareAndSet(false, true)) {
            return;
        }
        if (format == Format.json) {
            write(out, PRETTY, json);
        } else {
            text(text);
        }
    }

    /**
     * Prints {@code error} as the command's one result (a line on stderr; with --output json, the
     * error object on stdout) unless a result was printed already; says whether it printed.
     */
    boolean resultError(Throwable error) {
        if (!resultWritten.compareAndSet(false, true)) {
            return false;
        }
        progress("mlops: " + message(error));
        if (format == Format.json) {
            write(out, PRETTY, errorJson(error));
        }
        return true;
    }

    /** Prints the result of one pass of a loop: one JSON line, or the text. */
    void pass(Map<String, ?> json, String text) {
        if (format == Format.json) {
            write(out, COMPACT, json);
        } else {
            text(text);
        }
    }

    /** Prints a pass's error: a line on stderr, and one JSON line on stdout with --output json. */
    void passError(RuntimeException error) {
        progress("mlops: " + message(error));
        if (format == Format.json) {
            write(out, COMPACT, errorJson(error));
        }
    }

    /** The one-line message a user reads: the engine's own, or a bug's class and message. */
    static String message(Throwable error) {
        return error instanceof MlopsException ? error.getMessage() : "internal error (a bug in mlops): " + error
                + "; rerun with MLOPS_DEBUG=1 for the stack trace and report it";
    }

    /** {@code {"error": {"message", "exit_code", "kind", ...details}}}, the JSON of any failure. */
    static Map<String, Object> errorJson(Throwable error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message(error));
        body.put("exit_code", Outcome.of(error).exitCode());
        body.put("kind", Outcome.of(error).name());
        if (error instanceof MlopsException known) {
            body.putAll(known.details());
        }
        return Map.of("error", body);
    }

    static void json(PrintWriter out, Object value) {
        write(out, PRETTY, value);
    }

    private void text(String text) {
        out.print(text.endsWith("\n") ? text : text + "\n");
        out.flush();
    }

    private static void write(PrintWriter out, ObjectMapper mapper, Object value) {
        try {
            out.println(mapper.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON result: " + e.getMessage(), e);
        }
    }
}
