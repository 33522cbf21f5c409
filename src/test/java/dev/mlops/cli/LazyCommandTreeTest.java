package dev.mlops.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The tree holds only what the arguments need, and the user sees the same CLI as with every subcommand built. */
class LazyCommandTreeTest {
    @Test
    void aVersionRequestBuildsNoSubcommandAndACommandOnlyItself() {
        assertEquals(List.of(), Cli.needed("--version"));
        assertEquals(List.of(), Cli.needed("--output", "json", "-V"));
        assertEquals(List.of(StatusCmd.class), Cli.needed("--state-dir", "/tmp/s", "status", "--env", "prod"));
        assertEquals(List.of(PipelineCmd.class), Cli.needed("pipeline", "compile", "--help"));
        assertEquals(List.of(SmokeCmd.class, StatusCmd.class), Cli.needed("smoke", "--env", "status"),
                "an option value that is a name adds that command too, harmlessly");
    }

    @Test
    void helpNoSubcommandOrAnUnknownOneBuildsThemAll() {
        assertEquals(Cli.SUBCOMMANDS, Cli.needed("--help"));
        assertEquals(Cli.SUBCOMMANDS, Cli.needed());
        assertEquals(Cli.SUBCOMMANDS, Cli.needed("statsu"));
        assertEquals(Cli.SUBCOMMANDS, Cli.needed("--help", "status"), "the root's help lists every command");
        assertEquals(Cli.SUBCOMMANDS, Cli.needed("--version", "--help"));
    }

    @Test
    void helpListsEveryCommandAndATypoStillGetsSuggestions() {
        CliRun help = CliRun.of("--help");
        assertEquals(0, help.exitCode());
        for (Class<?> command : Cli.SUBCOMMANDS) {
            String name = command.getAnnotation(CommandLine.Command.class).name();
            assertTrue(help.out().contains("\n  " + name + " "), name + " in:\n" + help.out());
        }
        CliRun typo = CliRun.of("statsu");
        assertEquals(2, typo.exitCode());
        assertTrue(typo.err().contains("Did you mean: mlops status"), typo.err());
    }

    @Test
    void eachCommandsOwnTreeParsesAsTheFullTreeDid() {
        for (Class<?> command : Cli.SUBCOMMANDS) {
            String name = command.getAnnotation(CommandLine.Command.class).name();
            StringWriter out = new StringWriter();
            CommandLine tree = Cli.commandLine(new PrintWriter(out), new PrintWriter(new StringWriter()), name, "--help");
            assertEquals(List.of(name), List.copyOf(tree.getSubcommands().keySet()));
            assertTrue(tree.getSubcommands().get(name).getCommandSpec().findOption("--region") != null,
                    name + " has the global aws options");
            assertEquals(0, tree.execute(name, "--help"));
            assertTrue(out.toString().startsWith("Usage: mlops " + name), out.toString());
        }
    }
}
