package dev.mlops.cli;

import dev.mlops.Outcome;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code mlops} command's entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs one invocation in-process with the given writers; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return Cli.commandLine(out, err, args).execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands only exceptions to the handler; the heap running out is explained here, once
            Throwable clear = Cli.clear(e);
            err.println("mlops: " + Printer.message(clear));
            err.flush();
            return Outcome.of(clear).exitCode();
        }
    }
}
