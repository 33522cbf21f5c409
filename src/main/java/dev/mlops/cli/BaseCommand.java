package dev.mlops.cli;

import dev.mlops.backend.Backend;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every subcommand needs from the root: the global options, the backend and the printer. */
abstract class BaseCommand {
    @Spec
    CommandSpec spec;

    MlopsCommand root() {
        return (MlopsCommand) spec.root().userObject();
    }

    Backend openBackend() {
        return root().openBackend();
    }

    dev.mlops.local.ControllerState openState() {
        return root().openState();
    }

    Printer printer() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        return new Printer(out, err, root().output);
    }
}
