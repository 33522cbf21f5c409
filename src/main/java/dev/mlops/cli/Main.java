package dev.mlops.cli;

import dev.mlops.Outcome;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The {@code mlops} command's entry point. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // A library's own thread (JGit's receive-pack on a full disk) must not print a stack trace to the user.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            System.err.println("mlops: " + Printer.message(Cli.clear(e)) + " (in thread " + thread.getName() + ")");
            if (System.getenv("MLOPS_DEBUG") != null) {
                e.printStackTrace();
            }
        });
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
