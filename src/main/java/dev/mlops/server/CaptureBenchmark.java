package dev.mlops.server;

import dev.mlops.spec.CaptureLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code bench/capture-bounds}: captures N requests of 6 MB of CSV records (and their JSON
 * predictions) with the default limits (or another max_total_mb) into a temporary state dir and prints what was written,
 * what the folder held at most, and what was dropped. Usage: {@code CaptureBenchmark [N [MAX_TOTAL_MB]]}.
 */
public final class CaptureBenchmark {
    private CaptureBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        String record = "L,298.4,308.2,1582,70.7,216\n";
        String input = record.repeat(6 * 1024 * 1024 / record.length());
        StringBuilder output = new StringBuilder("{\"predictions\":[");
        for (int i = 0; i < input.length() / record.length(); i++) {
            output.append(i == 0 ? "" : ",").append("{\"score\":0.8101770281791687,\"predicted_label\":1}");
        }
        String predictions = output.append("]}").toString();
        Path stateDir = Files.createTempDirectory("capture-bench");
        CaptureLimits limits = args.length > 1 ? CaptureLimits.of(CaptureLimits.DEFAULT_MAX_PAYLOAD_KB,
                CaptureLimits.DEFAULT_MAX_FILE_MB, Integer.parseInt(args[1]), CaptureLimits.DEFAULT_ROTATE_MINUTES)
                : CaptureLimits.DEFAULTS;
        DataCapture capture = new DataCapture(new EndpointFiles(stateDir), System.err::println);
        Path dir = new EndpointFiles(stateDir).captureDir("bench");
        long most = 0;
        long start = System.nanoTime();
        Instant t0 = Instant.now();
        for (int i = 0; i < count; i++) {
            capture.record(new DataCapture.Event("bench", "e" + i, Optional.empty(), t0.plusMillis(i),
                    new DataCapture.Payload("text/csv", input), new DataCapture.Payload("application/json", predictions)),
                    limits);
            most = Math.max(most, folderBytes(dir));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        CaptureStatus status = capture.status("bench").orElseThrow();
        System.out.printf("requests captured:   %d x %d bytes in, %d bytes out%n", count, input.length(),
                predictions.length());
        System.out.printf("limits:              payload %d B, file %d B, total %d B, rotate %s%n",
                limits.maxPayloadBytes(), limits.maxFileBytes(), limits.maxTotalBytes(), limits.rotateAfter());
        System.out.printf("bytes written:       %d (%d kept + %d dropped)%n", status.bytes() + status.droppedBytes(),
                status.bytes(), status.droppedBytes());
        System.out.printf("folder at most:      %d bytes (cap %d): %s%n", most, limits.maxTotalBytes(),
                most <= limits.maxTotalBytes() ? "within the cap" : "OVER THE CAP");
        System.out.printf("files:               %d now, %d dropped%n", status.files(), status.droppedFiles());
        System.out.printf("truncated bodies:    %d%n", status.truncatedPayloads());
        System.out.printf("time:                %d ms (%.2f ms per request)%n", millis, (double) millis / count);
        try (Stream<Path> paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        if (most > limits.maxTotalBytes()) {
            System.exit(1);
        }
    }

    private static long folderBytes(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
