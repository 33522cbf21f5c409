package dev.mlops.cli;

import dev.mlops.server.ServingLimits;
import dev.mlops.server.ServingOptions;
import dev.mlops.server.ServingServer;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the local serving process that hosts the endpoints and their API routes.",
            "Every endpoint recorded in the state dir, the SageMaker Runtime",
            "route POST /endpoints/{name}/invocations, the API route POST /api/{env}/predict (through the Lambda handler),",
            "GET /healthz and GET /endpoints. Reloads when endpoints change; stops on Ctrl-C or SIGTERM."})
final class ServeCmd extends BaseCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1",
            description = "Address to bind (default: ${DEFAULT-VALUE}; anything else exposes the endpoints beyond this machine).")
    String bind;

    @Option(names = "--header-timeout", defaultValue = "10s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A request's headers must arrive within this; else the connection is closed (default: ${DEFAULT-VALUE}).")
    java.time.Duration headerTimeout;

    @Option(names = "--body-timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "A request's body must arrive within this; else 408 (default: ${DEFAULT-VALUE}).")
    java.time.Duration bodyTimeout;

    @Option(names = "--idle-timeout", defaultValue = "30s", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "An idle keep-alive connection is closed after this (default: ${DEFAULT-VALUE}).")
    java.time.Duration idleTimeout;

    @Option(names = "--max-connections-per-client", defaultValue = "32", paramLabel = "N",
            description = "Connections one client address may hold; past it its oldest idle one is closed (default: ${DEFAULT-VALUE}).")
    int perClient;

    @Option(names = "--allowed-host", paramLabel = "NAME",
            description = "A Host name to answer besides localhost and the bound address (repeatable; against DNS rebinding).")
    java.util.List<String> allowedHosts = new java.util.ArrayList<>();

    @Override
    public Integer call() {
        Printer printer = printer();
        ServingOptions options = ServingOptions.defaults(root().stateDir).withPort(port).withBindAddress(bind)
                .withLimits(ServingLimits.defaults().withTimeouts(headerTimeout, bodyTimeout, idleTimeout)
                        .withConnections(perClient, Math.max(perClient, ServingLimits.defaults().maxConnections()))
                        .withAllowedHosts(allowedHosts))
                .withLog(printer::progress);
        try (ServingServer server = ServingServer.start(options)) {
            String base = server.baseUri().toString();
            printer.progress("Serving " + root().stateDir.toAbsolutePath() + " on " + base);
            printer.progress("  POST " + base + "/endpoints/{name}/invocations   (SageMaker Runtime)");
            printer.progress("  POST " + base + "/api/{env}/predict              (API route through the Lambda handler)");
            printer.progress("  GET  " + base + "/endpoints   GET " + base + "/healthz");
            printer.result(Map.of("url", base, "state_dir", root().stateDir.toAbsolutePath().toString()), "Listening on " + base);
            server.serve();
        }
        return 0;
    }
}
