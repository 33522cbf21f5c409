package dev.mlops.server;

import dev.mlops.InputException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How the serving process runs: the state dir it hosts, where it listens (127.0.0.1 unless told
 * otherwise; port 0 picks a free one), how many requests it works on at once, the largest request
 * body (6 MB like SageMaker's InvokeEndpoint), how often it looks for changed configs, its clock
 * and where its progress lines go.
 */
public record ServingOptions(Path stateDir, String bindAddress, int port, int threads, long maxBodyBytes,
                             ServingLimits limits, Duration pollInterval, Clock clock, Consumer<String> log) {
    public static final long SAGEMAKER_MAX_BODY_BYTES = 6L * 1024 * 1024;
    public static final int DEFAULT_THREADS = 8;

    public ServingOptions {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(log, "log");
        if (port < 0 || port > 65535) {
            throw new InputException("cannot serve on port " + port + ": a port is 0 (any free one) to 65535");
        }
        if (threads < 1) {
            throw new InputException("cannot serve with " + threads + " threads: at least one is needed");
        }
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new InputException("cannot serve with a body limit of " + maxBodyBytes + " bytes");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new InputException("cannot poll for endpoint changes every " + pollInterval);
        }
    }

    /**
     * 127.0.0.1 on a free port, 8 threads, 6 MB bodies, {@link ServingLimits#defaults()}, a look for
     * changes every 300 ms, progress on stderr.
     */
    public static ServingOptions defaults(Path stateDir) {
        return new ServingOptions(stateDir, "127.0.0.1", 0, DEFAULT_THREADS, SAGEMAKER_MAX_BODY_BYTES, ServingLimits.defaults(),
                Duration.ofMillis(300),
                Clock.systemUTC(), line -> System.err.println("mlops serve: " + line));
    }

    public ServingOptions withPort(int newPort) {
        return new ServingOptions(stateDir, bindAddress, newPort, threads, maxBodyBytes, limits, pollInterval, clock, log);
    }

    public ServingOptions withBindAddress(String address) {
        return new ServingOptions(stateDir, address, port, threads, maxBodyBytes, limits, pollInterval, clock, log);
    }

    public ServingOptions withThreads(int count) {
        return new ServingOptions(stateDir, bindAddress, port, count, maxBodyBytes, limits, pollInterval, clock, log);
    }

    public ServingOptions withMaxBodyBytes(long bytes) {
        return new ServingOptions(stateDir, bindAddress, port, threads, bytes, limits, pollInterval, clock, log);
    }

    public ServingOptions withPollInterval(Duration interval) {
        return new ServingOptions(stateDir, bindAddress, port, threads, maxBodyBytes, limits, interval, clock, log);
    }

    public ServingOptions withLog(Consumer<String> sink) {
        return new ServingOptions(stateDir, bindAddress, port, threads, maxBodyBytes, limits, pollInterval, clock, sink);
    }

    public ServingOptions withLimits(ServingLimits newLimits) {
        return new ServingOptions(stateDir, bindAddress, port, threads, maxBodyBytes, newLimits, pollInterval, clock, log);
    }
}
