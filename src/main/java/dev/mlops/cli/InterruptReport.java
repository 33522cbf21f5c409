package dev.mlops.cli;

import dev.mlops.WorkFailedException;

/**
 * While a one-shot command runs, a JVM shutdown hook (SIGINT, SIGTERM: a Jenkins abort) prints
 * its error as the command's one result, so {@code --output json} still gives exactly one JSON
 * object to whoever parses stdout. A result already printed wins; the process still ends with
 * the signal's status (130 or 143).
 */
final class InterruptReport implements AutoCloseable {
    private final Thread hook;

    private InterruptReport(Thread hook) {
        this.hook = hook;
    }

    static InterruptReport arm(Printer printer, String command, String consequence) {
        Thread hook = new Thread(() -> printer.resultError(new WorkFailedException("cannot finish mlops " + command
                + ": interrupted by a signal before it ended; " + consequence)), "mlops-interrupted-" + command);
        Runtime.getRuntime().addShutdownHook(hook);
        return new InterruptReport(hook);
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and the hook is running: it prints the one result
        }
    }
}
