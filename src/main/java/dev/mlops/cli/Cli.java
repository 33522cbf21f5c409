package dev.mlops.cli;

import dev.mlops.ExitCodes;
import dev.mlops.Failures;
import dev.mlops.MlopsException;
import dev.mlops.Outcome;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** Builds the picocli command tree and maps every outcome to an exit code, in one place. */
final class Cli {
    private Cli() {
    }

    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        MlopsCommand root = new MlopsCommand();
        CommandLine cli = new CommandLine(root);
        root.aws.install(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExitCodeExceptionMapper(e -> Outcome.of(clear(e)).exitCode());
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("mlops: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            printJson(command, Map.of("error", Map.of("message", e.getMessage(), "exit_code", ExitCodes.USAGE,
                    "kind", Outcome.INPUT.name())));
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((thrown, command, parseResult) -> {
            Throwable e = clear(thrown);
            command.getErr().println("mlops: " + Printer.message(e));
            if (System.getenv("MLOPS_DEBUG") != null) {
                thrown.printStackTrace(command.getErr());
            }
            printJson(command, Printer.errorJson(e));
            return Outcome.of(e).exitCode();
        });
        return cli;
    }

    /** The error a user reads: the machine's failures (disk full, read-only, heap, range) explained; bugs as they are. */
    static Throwable clear(Throwable e) {
        return Failures.explain(e).map(Throwable.class::cast).orElse(e);
    }

    /** With --output json, stdout carries one JSON object even when the command failed. */
    private static void printJson(CommandLine command, Map<String, ?> error) {
        CommandLine root = command;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        if (root.getCommand() instanceof MlopsCommand mlops && mlops.output == Printer.Format.json) {
            Printer.json(command.getOut(), error);
        }
    }
}
