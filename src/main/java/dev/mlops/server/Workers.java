package dev.mlops.server;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Fixed pools of daemon threads with bounded queues, for requests and for API calls. */
final class Workers {
    private static final int QUEUE = 256;

    private Workers() {
    }

    /** Request threads; when all are busy and the queue is full a request is refused (503), never run on a Jetty thread. */
    static ExecutorService requests(int threads) {
        return pool("mlops-serve-", threads, new ThreadPoolExecutor.AbortPolicy());
    }

    /** API threads; when all are busy and the queue is full a request is refused, as API Gateway throttles. */
    static ExecutorService api(int threads) {
        return pool("mlops-api-", threads, new ThreadPoolExecutor.AbortPolicy());
    }

    private static ExecutorService pool(String prefix, int threads, RejectedExecutionHandler whenFull) {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread thread = new Thread(r, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        return new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                factory, whenFull);
    }

    /** Stops taking work and waits a while for what is running. */
    static void stop(ExecutorService pool) throws InterruptedException {
        pool.shutdown();
        if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
    }
}
