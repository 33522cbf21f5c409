package dev.mlops.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The HTTP ceiling for {@code bench/serving-compare}: the serving process's own HTTP stack (Jetty as
 * {@link ServingServer} binds it, {@link HttpFront} with the same limits, worker hand-off, host check
 * and connection guard) answering every request with a constant prediction, so that the endpoint's
 * throughput can be read as a share of what the stack alone can do.
 */
public final class CeilingServer {
    static final String ANSWER = "{\"predictions\":[{\"score\":0.5,\"predicted_label\":0}]}";

    private CeilingServer() {
    }

    /** As the router does: the answer, then the exchange closed, which completes it. */
    private static void answer(com.sun.net.httpserver.HttpExchange exchange) throws java.io.IOException {
        try {
            HttpIo.send(exchange, 200, "application/json", ANSWER);
        } finally {
            exchange.close();
        }
    }

    /** {@code CeilingServer [PORT]}: prints {@code Serving on http://127.0.0.1:PORT} and answers until killed. */
    public static void main(String[] args) throws Exception {
        ServingOptions options = ServingOptions.defaults(Path.of(System.getProperty("java.io.tmpdir")))
                .withPort(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        ServerConnector connector = ServingServer.bind(options);
        ExecutorService workers = Workers.requests(options.threads());
        ConnectionGuard guard = new ConnectionGuard(options.limits(), options.log());
        connector.addEventListener(guard);
        connector.getServer().setHandler(HttpFront.of(
                exchange -> HttpFront.runOn(workers, exchange, CeilingServer::answer, HttpFront.WORKERS_BUSY),
                InetAddress.getByName(options.bindAddress()), guard, options));
        ServingServer.startJetty(connector.getServer());
        System.out.println("Serving on http://127.0.0.1:" + connector.getLocalPort());
        connector.getServer().join();
    }
}
