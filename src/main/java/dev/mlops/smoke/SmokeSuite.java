package dev.mlops.smoke;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A smoke-test suite from {@code tests/smoke/*.yaml}: cases sent in order to one environment's API.
 * The suite's default headers are already merged into each case's request.
 */
public record SmokeSuite(String file, String name, Defaults defaults, List<SmokeCase> cases) {

    /**
     * What every case shares unless it says otherwise.
     *
     * @param headers request headers sent by every case (a case's own header of the same name wins)
     * @param maxLatencyMs the latency budget of every case that has none of its own
     * @param timeoutMs how long one request may take before the case is an error
     */
    public record Defaults(Map<String, String> headers, OptionalLong maxLatencyMs, long timeoutMs) {
        public static final long DEFAULT_TIMEOUT_MS = 10_000;

        public Defaults {
            headers = Map.copyOf(headers);
        }
    }

    public SmokeSuite {
        cases = List.copyOf(cases);
    }
}
