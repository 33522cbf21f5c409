package dev.mlops.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.util.Callback;

/**
 * Watches every connection for what Jetty does not bound by itself:
 * <ul>
 *   <li>the header time-out: a request's headers must be complete within it, counted from the
 *       connection's opening or from the first byte after the previous request (a slowloris that
 *       sends a byte now and then never trips the idle time-out);</li>
 *   <li>connections per client address: past the limit, the client's oldest connection that is not
 *       in a request is closed to make room (an idle hoarder loses its idle connections, a client
 *       with work in flight keeps it); when all are busy, the new one is closed.</li>
 * </ul>
 */
final class ConnectionGuard implements Connection.Listener, AutoCloseable {
    private final long headerTimeoutNanos;
    private final int perClient;
    private final Consumer<String> log;
    private final Map<Connection, Tracked> connections = new ConcurrentHashMap<>();
    private final Map<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    /** One open connection's state. */
    private static final class Tracked {
        final InetAddress client;
        final long openedAt = System.nanoTime();
        volatile boolean busy;
        volatile boolean served;
        volatile long bytesAfterLastRequest;
        volatile long waitingSince;

        Tracked(InetAddress client) {
            this.client = client;
        }
    }

    ConnectionGuard(ServingLimits limits, Consumer<String> log) {
        this.headerTimeoutNanos = limits.headerTimeout().toNanos();
        this.perClient = limits.maxConnectionsPerClient();
        this.log = log;
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "mlops-serve-guard");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(20, Math.min(500, limits.headerTimeout().toMillis() / 5));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        SocketAddress remote = connection.getEndPoint().getRemoteSocketAddress();
        InetAddress client = remote instanceof InetSocketAddress inet ? inet.getAddress() : InetAddress.getLoopbackAddress();
        connections.put(connection, new Tracked(client));
        if (perAddress.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet() > perClient) {
            Connection victim = oldestIdle(client).orElse(connection);
            log.accept("closing a connection of " + client.getHostAddress() + ": it holds more than " + perClient
                    + " connections");
            victim.getEndPoint().close();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        Tracked tracked = connections.remove(connection);
        if (tracked != null) {
            perAddress.computeIfPresent(tracked.client, (c, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Marks the connection busy until {@code callback} completes; returns the callback to complete. */
    Callback requestStarted(Connection connection, Callback callback) {
        Tracked tracked = connections.get(connection);
        if (tracked == null) {
            return callback;
        }
        tracked.busy = true;
        tracked.waitingSince = 0;
        Runnable finished = () -> {
            tracked.bytesAfterLastRequest = connection.getBytesIn();
            tracked.served = true;
            tracked.busy = false;
        };
        // Marked before Jetty hears of it: the next request on the connection may start right away.
        return new Callback() {
            @Override
            public void succeeded() {
                finished.run();
                callback.succeeded();
            }

            @Override
            public void failed(Throwable failure) {
                finished.run();
                callback.failed(failure);
            }

            @Override
            public InvocationType getInvocationType() {
                return callback.getInvocationType();
            }
        };
    }

    private Optional<Connection> oldestIdle(InetAddress client) {
        return connections.entrySet().stream()
                .filter(e -> e.getValue().client.equals(client) && !e.getValue().busy)
                .min(Comparator.comparingLong(e -> e.getValue().openedAt)).map(Map.Entry::getKey);
    }

    private void sweep() {
        long now = System.nanoTime();
        connections.forEach((connection, tracked) -> {
            if (tracked.busy) {
                return;
            }
            long since;
            if (!tracked.served) {
                since = tracked.openedAt;
            } else if (connection.getBytesIn() > tracked.bytesAfterLastRequest) {
                if (tracked.waitingSince == 0) {
                    tracked.waitingSince = now;
                }
                since = tracked.waitingSince;
            } else {
                return;   // idle between requests: Jetty's idle time-out applies
            }
            if (now - since > headerTimeoutNanos) {
                connection.getEndPoint().close();
            }
        });
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
