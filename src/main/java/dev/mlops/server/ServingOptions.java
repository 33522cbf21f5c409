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
                             Duration pollInterval, Clock clock, Consumer<String> log) {
    public static final long SAGEMAKER_MAX_BODY_BYTES = 6L * 1024 * 1024;

    public ServingOptions {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(log, "log");
        if (port < 0 || port > 65535) {
            throw new InputException("cannot serve on port " + port + ": a port is 0 (any free one) to 65535");
        }
        if (threads < 1) {
            throw new InputException("cannot serve with " + threads + " threads: at least one is needed");
        }
        if (maxBodyBytes < 1) {
            throw new InputException("cannot serve with a body limit of " + maxBodyBytes + " bytes");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new InputException("cannot poll for endpoint changes every " + pollInterval);
        }
    }

    /** 127.0.0.1 on a free port, 8 threads, 6 MB bodies, a look for changes every 300 ms, progress on stderr. */
    public static ServingOptions defaults(Path stateDir) {
        return new ServingOptions(stateDir, "127.0.0.1", 0, 8, SAGEMAKER_MAX_BODY_BYTES, Duration.ofMillis(300),
                Clock.systemUTC(), line -> System.err.println("mlops serve: " + line));
    }

    public ServingOptions withPort(int newPort) {
        return new ServingOptions(stateDir, bindAddress, newPort, threads, maxBodyBytes, pollInterval, clock, log);
    }

    public ServingOptions withBindAddress(String address) {
        return new ServingOptions(stateDir, address, port, threads, maxBodyBytes, pollInterval, clock, log);
    }

    public ServingOptions withThreads(int count) {
        return new ServingOptions(stateDir, bindAddress, port, count, maxBodyBytes, pollInterval, clock, log);
    }

    public ServingOptions withMaxBodyBytes(long bytes) {
        return new ServingOptions(stateDir, bindAddress, port, threads, bytes, pollInterval, clock, log);
    }

    public ServingOptions withPollInterval(Duration interval) {
        return new ServingOptions(stateDir, bindAddress, port, threads, maxBodyBytes, interval, clock, log);
    }

    public ServingOptions withLog(Consumer<String> sink) {
        return new ServingOptions(stateDir, bindAddress, port, threads, maxBodyBytes, pollInterval, clock, sink);
    }
}
