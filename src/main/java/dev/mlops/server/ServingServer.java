package dev.mlops.server;

import com.sun.net.httpserver.HttpServer;
import dev.mlops.WorkFailedException;
import dev.mlops.api.PredictFunction;
import dev.mlops.data.LocalArtifactStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.sagemakerruntime.SageMakerRuntimeClient;

/**
 * The local serving process ({@code mlops serve}): hosts every endpoint under
 * {@code <state-dir>/endpoints/}, follows their config changes blue/green, and comes back with them
 * after a restart. Routes: {@code POST /endpoints/{name}/invocations} (SageMaker Runtime),
 * {@code ANY /api/{env}/predict} (API Gateway + the product's Lambda function), {@code GET /healthz},
 * {@code GET /endpoints}. One process per state dir: a second one is refused.
 */
public final class ServingServer implements AutoCloseable {
    private static final String NODELAY = "sun.net.httpserver.nodelay";
    private final ServingOptions options;
    private final HttpServer http;
    private final ExecutorService workers;
    private final ExecutorService apiWorkers;
    private final StateDirLock lock;
    private final Endpoints endpoints = new Endpoints();
    private final EndpointWatcher watcher;
    private final SageMakerRuntimeClient runtime;
    private final ServingProcess process;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ServingServer(ServingOptions options, StateDirLock lock, HttpServer http) {
        this.options = options;
        this.lock = lock;
        this.http = http;
        EndpointFiles files = new EndpointFiles(options.stateDir());
        this.runtime = LocalRuntimeClient.create(baseUri());
        this.watcher = new EndpointWatcher(files, endpoints, new EndpointUpdater(files,
                new ModelLoader(new LocalArtifactStore(options.stateDir())), options.clock(), options.log()), options);
        DataCapture capture = new DataCapture(files, options.log());
        InvocationHandler invocations = new InvocationHandler(endpoints, capture, options);
        ApiGatewayRoute api = new ApiGatewayRoute(endpoints, name -> new PredictFunction(name, runtime), options);
        AdminHandler admin = new AdminHandler(endpoints, files, capture);
        this.workers = Workers.requests(options.threads());
        this.apiWorkers = Workers.api(options.threads());
        http.createContext("/", new Router(new Router.Routes(invocations, api, admin), apiWorkers, options.log()));
        http.setExecutor(workers);
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
            HttpServer http = bind(options);
            try {
                server = new ServingServer(options, lock, http);
            } catch (RuntimeException e) {
                http.stop(0);
                throw e;
            }
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        try {
            server.watcher.tick();
            server.http.start();
            server.watcher.start(options.pollInterval());
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
        return http.getAddress().getPort();
    }

    /** {@code http://<address>:<port>}, e.g. {@code http://127.0.0.1:8080}; loopback when bound to all addresses. */
    public URI baseUri() {
        InetAddress address = http.getAddress().getAddress();
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
            http.stop(1);
            Workers.stop(apiWorkers);
            Workers.stop(workers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
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

    private static HttpServer bind(ServingOptions options) {
        String where = options.bindAddress() + ":" + options.port();
        // The JDK server sends headers and body in separate packets; with Nagle's algorithm on, every
        // answer then waits for the client's delayed ACK (40 ms on Linux). Read once per JVM, so set early.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        try {
            return HttpServer.create(new InetSocketAddress(InetAddress.getByName(options.bindAddress()), options.port()), 128);
        } catch (BindException e) {
            throw new WorkFailedException("cannot serve on " + where + ": " + e.getMessage()
                    + "; pick another port with --port");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve on " + where + ": " + e.getMessage(), e);
        }
    }
}
