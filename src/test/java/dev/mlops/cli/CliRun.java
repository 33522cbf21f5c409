package dev.mlops.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/** One in-process CLI invocation with its exit code and both streams, as a user would see them. */
record CliRun(int exitCode, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** {@code mlops --state-dir STATE --output json ARGS...}, as every command-level test runs it. */
    static CliRun json(Path state, String... args) {
        String[] full = new String[args.length + 4];
        full[0] = "--state-dir";
        full[1] = state.toString();
        full[2] = "--output";
        full[3] = "json";
        System.arraycopy(args, 0, full, 4, args.length);
        return of(full);
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
        try {
            return JSON.readValue(out, Map.class);
        } catch (Exception e) {
            throw new AssertionError("stdout is not one JSON object: " + out + "\nstderr: " + err, e);
        }
    }
}
