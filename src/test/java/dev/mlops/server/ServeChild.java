package dev.mlops.server;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A serving process in its own JVM, for tests that kill it: serves the state dir given as the only
 * argument on a free port, prints {@code port N} once it answers, and runs until killed.
 */
public final class ServeChild {
    private ServeChild() {
    }

    public static void main(String[] args) {
        ServingServer server = ServingServer.start(ServingOptions.defaults(Path.of(args[0]))
                .withPollInterval(Duration.ofMillis(50)));
        System.out.println("port " + server.port());
        System.out.flush();
        server.serve();
    }
}
