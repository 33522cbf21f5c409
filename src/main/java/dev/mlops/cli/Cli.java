package dev.mlops.cli;

import dev.mlops.ExitCodes;
import dev.mlops.Failures;
import dev.mlops.MlopsException;
import dev.mlops.Outcome;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Builds the picocli command tree and maps every outcome to an exit code, in one place. */
final class Cli {
    /** The subcommands, in the order {@code mlops --help} lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(BuildCmd.class, DataCmd.class, ModelsCmd.class, PipelineCmd.class,
            ServeCmd.class, WatchApprovalsCmd.class, ReconcileCmd.class, SmokeCmd.class, PromoteCmd.class,
            RollbackCmd.class, StatusCmd.class, HistoryCmd.class, DemoCmd.class);
    private static final Set<String> VERSION = Set.of("-V", "--version");
    private static final Set<String> HELP = Set.of("-h", "--help");

    private Cli() {
    }

    /** The tree for {@code args}: only the subcommands they need, see {@link #needed}. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String... arguments) {
        MlopsCommand root = new MlopsCommand();
        CommandLine cli = new CommandLine(root);
        needed(arguments).forEach(cli::addSubcommand);
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

    /**
     * Building a subcommand reflects over its class and every type its fields and methods name, which
     * costs more than {@code mlops --version} itself. So the tree holds the subcommands the arguments
     * name (an option's value that happens to be a name only adds one more); none for a version
     * request; all when no name comes first: the root's help lists them, and a typo gets suggestions.
     */
    static List<Class<?>> needed(String... args) {
        List<String> given = Arrays.asList(args);
        int first = 0;
        while (first < given.size() && !isName(given.get(first))) {
            first++;
        }
        List<String> beforeName = given.subList(0, first);
        if (beforeName.stream().anyMatch(HELP::contains)) {
            return SUBCOMMANDS;
        }
        if (first < given.size()) {
            return SUBCOMMANDS.stream().filter(c -> given.contains(name(c))).toList();
        }
        return beforeName.stream().anyMatch(VERSION::contains) ? List.of() : SUBCOMMANDS;
    }

    private static boolean isName(String arg) {
        return SUBCOMMANDS.stream().anyMatch(c -> name(c).equals(arg));
    }

    private static String name(Class<?> command) {
        return command.getAnnotation(Command.class).name();
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
