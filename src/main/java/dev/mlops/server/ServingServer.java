package dev.mlops.server;

import dev.mlops.WorkFailedException;
import dev.mlops.api.PredictFunction;
import dev.mlops.data.LocalArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The local serving process ({@code mlops serve}): hosts every endpoint under
 * {@code <state-dir>/endpoints/}, follows their config changes blue/green, and comes back with them
 * after a restart. Routes: {@code POST /endpoints/{name}/invocations} (SageMaker Runtime),
 * {@code ANY /api/{env}/predict} (API Gateway + the product's Lambda function), {@code GET /healthz},
 * {@code GET /endpoints}. One process per state dir: a second one is refused.
 *
 * <p>HTTP is Jetty's, configured by {@link ServingLimits}: connections are non-blocking, so idle and
 * slow clients hold no thread; {@link HttpFront} reads bodies asynchronously and hands complete
 * requests to the workers; {@link ConnectionGuard} closes connections whose headers take too long
 * and bounds the connections of each client address.
 */
public final class ServingServer implements AutoCloseable {
    private final ServingOptions options;
    private final Server http;
    private final ServerConnector connector;
    private final ConnectionGuard guard;
    private final ExecutorService workers;
    private final ExecutorService apiWorkers;
    private final StateDirLock lock;
    private final Endpoints endpoints = new Endpoints();
    private final EndpointWatcher watcher;
    private final SageMakerRuntimeClient runtime;
    private final CaptureQueue capture;
    private final ServingProcess process;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ServingServer(ServingOptions options, StateDirLock lock, ServerConnector connector) {
        this.options = options;
        this.lock = lock;
        this.connector = connector;
        this.http = connector.getServer();
        EndpointFiles files = new EndpointFiles(options.stateDir());
        this.watcher = new EndpointWatcher(files, endpoints, new EndpointUpdater(files,
                new ModelLoader(new LocalArtifactStore(options.stateDir())), options.clock(), options.log()), options);
        this.capture = new CaptureQueue(new DataCapture(files, options.log()), options.log());
        EndpointRoutes routes = new EndpointRoutes(new InvocationHandler(endpoints, capture, options),
                new AdminHandler(endpoints, files, capture), options.log());
        this.runtime = LocalRuntimeClient.inProcess(baseUri(), routes::serve);
        ApiGatewayRoute api = new ApiGatewayRoute(endpoints, name -> new PredictFunction(name, runtime), options);
        this.workers = Workers.requests(options.threads());
        this.apiWorkers = Workers.api(options.threads());
        Router router = new Router(routes, api, workers, apiWorkers, options.log());
        this.guard = new ConnectionGuard(options.limits(), options.log());
        connector.addEventListener(guard);
        http.setHandler(HttpFront.of(router, boundAddress(), guard, options));
        this.process = new ServingProcess(ProcessHandle.current().pid(), baseUri().toString(), options.clock().instant());
    }

    /**
     * Binds, loads every endpoint (desired config first, else the last good one), then starts
     * answering and watching for changes.
     *
     * @throws WorkFailedException when the port is taken or another process serves the state dir
     */
    public static ServingServer start(ServingOptions options) {
        StateDirLock lock = StateDirLock.acquire(options.stateDir());
        ServingServer server;
        try {
            ServerConnector connector = bind(options);
            try {
                server = new ServingServer(options, lock, connector);
            } catch (RuntimeException e) {
                stopQuietly(connector.getServer());
                throw e;
            }
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            server.watcher.tick();
            startJetty(server.http);
            server.watcher.start(options.pollInterval());
            LocalRuntimeClient.warmUp(server.runtime);
            server.process.announce(options.stateDir());
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        options.log().accept("serving " + server.endpoints.names().size() + " endpoint(s) from "
                + options.stateDir() + " at " + server.baseUri());
        return server;
    }

    public int port() {
        return connector.getLocalPort();
    }

    private InetAddress boundAddress() {
        try {
            return InetAddress.getByName(options.bindAddress());
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("cannot resolve the bound address " + options.bindAddress(), e);
        }
    }

    /** {@code http://<address>:<port>}, e.g. {@code http://127.0.0.1:8080}; loopback when bound to all addresses. */
    public URI baseUri() {
        InetAddress address = boundAddress();
        String host = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress().getHostAddress()
                : address.getHostAddress();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port());
    }

    /** Blocks until the process gets SIGTERM or SIGINT (a shutdown hook closes the server) or {@link #close()}. */
    public void serve() {
        Thread hook = new Thread(this::close, "mlops-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down and running the hook.
            }
        }
    }

    /** Stops taking requests, lets those in flight finish (up to a second), frees every model. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            watcher.close();
            stopQuietly(http);
            guard.close();
            Workers.stop(apiWorkers);
            Workers.stop(workers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                // After the workers: every answered request's capture is queued, and written now.
                capture.close();
                endpoints.unloadAll();
                runtime.close();
                process.withdraw(options.stateDir());
            } finally {
                lock.close();
                stopped.countDown();
                options.log().accept("stopped");
            }
        }
    }

    /** Opens the port now, so a taken one fails {@code start} with a clear message; Jetty starts later. */
    static ServerConnector bind(ServingOptions options) {
        String where = options.bindAddress() + ":" + options.port();
        ServingLimits limits = options.limits();
        QueuedThreadPool threads = new QueuedThreadPool(Math.max(16, options.threads() + 8), 4);
        threads.setName("mlops-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        server.setStopTimeout(1000);
        server.setErrorHandler(new JsonErrorHandler());
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(options.bindAddress());
        connector.setPort(options.port());
        connector.setAcceptQueueSize(128);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        // Answers must not wait for the client's delayed ACK (40 ms on Linux): it mattered, 48 ms -> 3 ms.
        connector.setAcceptedTcpNoDelay(true);
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        try {
            connector.open();
            return connector;
        } catch (BindException e) {
            throw new WorkFailedException("cannot serve on " + where + ": " + e.getMessage()
                    + "; pick another port with --port");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve on " + where + ": " + e.getMessage(), e);
        }
    }

    static void startJetty(Server server) {
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the HTTP server: " + e.getMessage(), e);
        }
    }

    static void stopQuietly(Server server) {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort: the port and threads go with the process anyway.
        }
    }
}
