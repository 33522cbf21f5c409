package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When a pool has no thread and no queue slot left, the request is answered at once from Jetty's
 * thread: 503 for the request pool, 429 (as API Gateway throttles) for the API pool, and the next
 * request is served when the pool has room again.
 */
class BusyWorkersTest {
    @TempDir
    Path stateDir;

    /** Runs tasks on the caller while open; refuses them, like a full pool, while closed. */
    private static final class Gate implements Executor {
        volatile boolean open = true;
        final AtomicInteger refused = new AtomicInteger();

        @Override
        public void execute(Runnable task) {
            if (!open) {
                refused.incrementAndGet();
                throw new RejectedExecutionException("full");
            }
            new Thread(task).start();
        }
    }

    @Test
    void aFullRequestPoolAnswers503AndAFullApiPool429() throws Exception {
        Gate requests = new Gate();
        Gate api = new Gate();
        ServingOptions options = ServingOptions.defaults(stateDir).withPort(0);
        ServerConnector connector = ServingServer.bind(options);
        // The real routes over no endpoints: a request that reaches one is answered 404 by it.
        Endpoints endpoints = new Endpoints();
        EndpointFiles files = new EndpointFiles(stateDir);
        CaptureQueue capture = new CaptureQueue(new DataCapture(files, options.log()), options.log());
        Router router = new Router(new EndpointRoutes(new InvocationHandler(endpoints, capture, options),
                new AdminHandler(endpoints, files, capture), options.log()), new ApiGatewayRoute(endpoints, name -> {
                    throw new IllegalStateException("no endpoint, no function");
                }, options), requests, api, options.log());
        connector.getServer().setHandler(HttpFront.of(router, InetAddress.getByName(options.bindAddress()),
                new ConnectionGuard(options.limits(), options.log()), options));
        ServingServer.startJetty(connector.getServer());
        try {
            URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            requests.open = false;
            HttpResponse<String> busy = Http.call(base.resolve("/healthz"), "GET");
            assertEquals(503, busy.statusCode(), busy.body());
            assertTrue(busy.body().contains("every worker is busy"), busy.body());
            api.open = false;
            HttpResponse<String> throttled = Http.post(base.resolve("/api/staging/predict"), "text/csv", "application/json",
                    "L,298.4,308.2,1582,70.7,216");
            assertEquals(429, throttled.statusCode(), throttled.body());
            assertTrue(throttled.body().contains("TooManyRequestsException"), throttled.body());
            api.open = true;
            HttpResponse<String> routed = Http.post(base.resolve("/api/staging/predict"), "text/csv", "application/json",
                    "L,298.4,308.2,1582,70.7,216");
            assertEquals(404, routed.statusCode(), routed.body());
            assertTrue(routed.body().contains("no endpoint is deployed for environment 'staging'"), routed.body());
            assertEquals(1, requests.refused.get(), "API requests do not pass through the (full) request pool");
            requests.open = true;
            assertEquals(200, Http.call(base.resolve("/healthz"), "GET").statusCode(), "served again once there is room");
        } finally {
            ServingServer.stopQuietly(connector.getServer());
            capture.close();
        }
    }
}
