package dev.mlops.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The request threads: a fixed pool with a bounded queue; when both are full the accepting thread works too. */
final class Workers {
    private static final int QUEUE = 256;

    private Workers() {
    }

    static ExecutorService bounded(int threads) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread thread = new Thread(r, "mlops-serve-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        // Caller-runs slows the accept loop down instead of dropping connections: back-pressure.
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                factory, new ThreadPoolExecutor.CallerRunsPolicy());
    }
}
