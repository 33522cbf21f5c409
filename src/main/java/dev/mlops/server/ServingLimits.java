package dev.mlops.server;

import dev.mlops.InputException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one client may cost the serving process, so idle, slow or malformed clients cannot stop the
 * others: how long a request's headers and body may take to arrive, how long a connection may sit
 * idle, how large and how many headers may be, how many connections one client address may hold and
 * the process in total, and which {@code Host} names are served (besides the bound address and
 * localhost) against DNS rebinding.
 */
public record ServingLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxHeaderBytes,
                            int maxHeaders, int maxConnectionsPerClient, int maxConnections, List<String> allowedHosts) {

    public ServingLimits {
        positive(headerTimeout, "header time-out");
        positive(bodyTimeout, "body time-out");
        positive(idleTimeout, "idle time-out");
        atLeast(maxHeaderBytes, 1024, "header size limit (bytes)");
        atLeast(maxHeaders, 8, "header count limit");
        atLeast(maxConnectionsPerClient, 1, "connections per client");
        atLeast(maxConnections, maxConnectionsPerClient, "connections in total (at least the per-client limit)");
        allowedHosts = List.copyOf(Objects.requireNonNull(allowedHosts, "allowedHosts"));
    }

    /**
     * Headers within 10 s, a body within 30 s, idle connections closed after 30 s, 8 KiB and 64
     * headers, 32 connections per client address and 1,000 in all, no extra host names.
     */
    public static ServingLimits defaults() {
        return new ServingLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), 8192, 64,
                32, 1000, List.of());
    }

    public ServingLimits withTimeouts(Duration header, Duration body, Duration idle) {
        return new ServingLimits(header, body, idle, maxHeaderBytes, maxHeaders, maxConnectionsPerClient,
                maxConnections, allowedHosts);
    }

    public ServingLimits withConnections(int perClient, int total) {
        return new ServingLimits(headerTimeout, bodyTimeout, idleTimeout, maxHeaderBytes, maxHeaders, perClient, total,
                allowedHosts);
    }

    public ServingLimits withAllowedHosts(List<String> hosts) {
        return new ServingLimits(headerTimeout, bodyTimeout, idleTimeout, maxHeaderBytes, maxHeaders,
                maxConnectionsPerClient, maxConnections, hosts);
    }

    private static void positive(Duration value, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.isZero()) {
            throw new InputException("cannot serve with a " + what + " of " + value + ": it must be positive");
        }
    }

    private static void atLeast(int value, int minimum, String what) {
        if (value < minimum) {
            throw new InputException("cannot serve with " + value + " as the " + what + ": at least " + minimum);
        }
    }
}
