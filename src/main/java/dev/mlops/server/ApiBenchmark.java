package dev.mlops.server;

import dev.mlops.InputException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures a prediction URL (the local API route, an invocations route, or a real API Gateway
 * stage): throughput and latency percentiles of single-record {@code text/csv} POSTs sent by
 * {@code concurrency} clients, each waiting for its answer before sending the next. A warm-up
 * (a tenth of the requests, at most 200) runs first and is not counted.
 */
public final class ApiBenchmark {
    public static final String RECORD = "L,298.4,308.2,1582,70.7,216";
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private ApiBenchmark() {
    }

    /** One run's figures; a request that failed or did not answer 200 counts as an error. */
    public record Result(int concurrency, int requests, int errors, double throughputPerSecond, Duration p50,
                         Duration p99) {
        @Override
        public String toString() {
            return String.format("concurrency %d: %d requests, %.1f req/s, p50 %.2f ms, p99 %.2f ms, %d errors",
                    concurrency, requests, throughputPerSecond, p50.toNanos() / 1e6, p99.toNanos() / 1e6, errors);
        }
    }

    /** Runs {@code requests} single-record POSTs against {@code url} from {@code concurrency} clients. */
    public static Result run(URI url, int concurrency, int requests) {
        if (concurrency < 1 || requests < concurrency) {
            throw new InputException("cannot benchmark " + url + ": need at least 1 client and as many requests as"
                    + " clients, got " + concurrency + " clients and " + requests + " requests");
        }
        ApiBenchmark benchmark = new ApiBenchmark();
        HttpRequest request = HttpRequest.newBuilder(url).header("Content-Type", "text/csv")
                .header("Accept", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(RECORD)).build();
        benchmark.measure(request, concurrency, Math.max(concurrency, Math.min(200, requests / 10)));
        return benchmark.measure(request, concurrency, requests);
    }

    private Result measure(HttpRequest request, int concurrency, int requests) {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        List<Thread> clients = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            Thread thread = new Thread(() -> {
                for (int n = next.getAndIncrement(); n < requests; n = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    if (!send(request)) {
                        errors.incrementAndGet();
                    }
                    latencies[n] = System.nanoTime() - sent;
                }
            }, "api-benchmark-" + i);
            thread.start();
            clients.add(thread);
        }
        for (Thread thread : clients) {
            joinQuietly(thread);
        }
        long elapsed = System.nanoTime() - start;
        Arrays.sort(latencies);
        return new Result(concurrency, requests, errors.get(), requests / (elapsed / 1e9),
                Duration.ofNanos(percentile(latencies, 50)), Duration.ofNanos(percentile(latencies, 99)));
    }

    private boolean send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code ApiBenchmark URL [REQUESTS [CONCURRENCY...]]}, e.g. {@code http://127.0.0.1:8080/api/staging/predict 2000 1 8}. */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: ApiBenchmark URL [REQUESTS [CONCURRENCY...]]");
            System.exit(2);
        }
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        List<Integer> levels = args.length > 2
                ? Arrays.stream(args).skip(2).map(Integer::parseInt).toList() : List.of(1, 8);
        for (int concurrency : levels) {
            System.out.println(run(URI.create(args[0]), concurrency, requests));
        }
    }
}
