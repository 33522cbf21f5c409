package dev.mlops.cli;

import dev.mlops.ExitCodes;
import dev.mlops.MlopsException;
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
        cli.setExitCodeExceptionMapper(e -> e instanceof MlopsException m ? m.exitCode() : ExitCodes.FAILED);
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("mlops: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, command.getErr());
            command.getErr().println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
            printJsonError(command, e.getMessage(), ExitCodes.USAGE);
            return ExitCodes.USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            int code = e instanceof MlopsException m ? m.exitCode() : ExitCodes.FAILED;
            String message = e instanceof MlopsException ? e.getMessage() : "unexpected error: " + e;
            command.getErr().println("mlops: " + message);
            if (!(e instanceof MlopsException) || System.getenv("MLOPS_DEBUG") != null) {
                e.printStackTrace(command.getErr());
            }
            printJsonError(command, message, code);
            return code;
        });
        return cli;
    }

    /** With --output json, stdout carries one JSON object even when the command failed. */
    private static void printJsonError(CommandLine command, String message, int code) {
        CommandLine root = command;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        if (root.getCommand() instanceof MlopsCommand mlops && mlops.output == Printer.Format.json) {
            Printer.json(command.getOut(), Map.of("error", Map.of("message", message, "exit_code", code)));
        }
    }
}
