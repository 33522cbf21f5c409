package dev.mlops.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Sends seeded malformed, slow, oversized and odd requests to a serving process over raw sockets and
 * counts what it answered: a clear error (4xx), a success, a crash (5xx, or the server no longer
 * answering a normal request afterwards) or a hang (nothing, not even a close, within the deadline).
 * The same seed replays the same requests.
 */
public final class HttpFuzz {
    private static final String RECORD = "L,298.4,308.2,1582,70.7,216";
    private static final List<String> NUMBERS = List.of("0x1p8", "298.4d", "216f", "216\u0000", "1e3", " 298.4 ", "inf",
            "NaN", "1_000", "1e400", "-0", ".5", "5.", "\u0661", "+1", "1e", "9".repeat(1000));
    private final URI base;
    private final String endpoint;
    private final Duration deadline;

    /** The counts of a run; clear errors are 4xx and 505 (a mangled HTTP version). */
    public record Counts(long seed, int tries, int ok, int clearErrors, int closed, int crashes, int hangs) {
        @Override
        public String toString() {
            return "seed " + seed + ": " + tries + " tries, " + ok + " answered 2xx, " + clearErrors + " clear errors (4xx), "
                    + closed + " closed without an answer, " + crashes + " crashes (5xx or server down), " + hangs + " hangs";
        }
    }

    /** {@code base} like {@code http://127.0.0.1:8080}, {@code endpoint} a deployed endpoint with an API route for {@code env}. */
    public HttpFuzz(URI base, String endpoint, Duration deadline) {
        this.base = base;
        this.endpoint = endpoint;
        this.deadline = deadline;
    }

    /** Runs {@code tries} cases from {@code seed}; each failing case is described to {@code report}. */
    public Counts run(long seed, int tries, String env, Consumer<String> report) {
        Random random = new Random(seed);
        int ok = 0;
        int clear = 0;
        int closed = 0;
        int crashes = 0;
        int hangs = 0;
        for (int i = 0; i < tries; i++) {
            Case c = nextCase(random, env);
            String outcome = send(c);
            if (outcome.equals("hang")) {
                hangs++;
                report.accept("seed " + seed + " try " + i + " (" + c.name() + "): no answer within " + deadline);
            } else if (outcome.startsWith("5") && !outcome.equals("505")) {
                crashes++;
                report.accept("seed " + seed + " try " + i + " (" + c.name() + "): answered " + outcome);
            } else if (outcome.startsWith("4") || outcome.equals("505")) {
                // 505 HTTP Version Not Supported refuses a mangled version: the client's error, said clearly.
                clear++;
            } else if (outcome.equals("closed")) {
                closed++;
            } else {
                ok++;
            }
            if (!send(new Case("normal", List.of(valid("/endpoints/" + endpoint + "/invocations", "text/csv", RECORD)), 0))
                    .startsWith("200")) {
                crashes++;
                report.accept("seed " + seed + " try " + i + " (" + c.name() + "): a normal request failed afterwards");
            }
        }
        return new Counts(seed, tries, ok, clear, closed, crashes, hangs);
    }

    /** One request: its bytes in pieces, with a pause before each piece after the first. */
    record Case(String name, List<byte[]> pieces, long pauseMillis) {
    }

    private Case nextCase(Random random, String env) {
        String invocations = "/endpoints/" + endpoint + "/invocations";
        String api = "/api/" + env + "/predict";
        String number = NUMBERS.get(random.nextInt(NUMBERS.size()));
        String numbered = "L,298.4," + number + ",1582,70.7,216";
        return switch (random.nextInt(14)) {
            case 0 -> new Case("short body", List.of(bytes(head("POST", invocations, "text/csv", 200) + "L,1")), 0);
            case 1 -> new Case("tls client hello", List.of(tlsHello(random)), 0);
            case 2 -> new Case("garbage", List.of(randomBytes(random, 1 + random.nextInt(2000))), 0);
            case 3 -> new Case("large header", List.of(bytes("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: "
                    + "a".repeat(9000 + random.nextInt(60000)) + "\r\n\r\n")), 0);
            case 4 -> new Case("many headers", List.of(bytes("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "X-H: 1\r\n".repeat(70 + random.nextInt(400)) + "\r\n")), 0);
            case 5 -> new Case("oversized body", List.of(bytes(head("POST", api, "text/csv", 50_000_000)),
                    randomBytes(random, 100_000)), 0);
            case 6 -> new Case("deep json", List.of(valid(api, "application/json",
                    "{\"instances\": " + "[".repeat(1 + random.nextInt(100_000)) + "]")), 0);
            case 7 -> new Case("long number json", List.of(valid(api, "application/json",
                    "{\"instances\": [[\"L\", " + "9".repeat(1 + random.nextInt(5000)) + ", 1, 1, 1, 1]]}")), 0);
            case 8 -> new Case("number form " + number.length(), List.of(valid(invocations, "text/csv", numbered)), 0);
            case 9 -> new Case("number form on api", List.of(valid(api, "text/csv", numbered)), 0);
            case 10 -> new Case("slow writer", slices(valid(invocations, "text/csv", RECORD), 2 + random.nextInt(6)),
                    50 + random.nextInt(150));
            case 11 -> new Case("mutated framing", List.of(mutate(valid(api, "text/csv", RECORD), random)), 0);
            case 12 -> new Case("bad chunked", List.of(bytes("POST " + invocations + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: text/csv\r\nTransfer-Encoding: chunked\r\n\r\n" + (random.nextBoolean() ? "zz" : "ffffffffff")
                    + "\r\nL,1\r\n")), 0);
            default -> new Case("request line only", List.of(bytes("POST " + api + " HTTP/1.1\r\n")), 0);
        };
    }

    private String send(Case c) {
        URI where = base;
        long start = System.nanoTime();
        try (Socket socket = new Socket(where.getHost(), where.getPort())) {
            socket.setSoTimeout((int) deadline.toMillis());
            OutputStream out = socket.getOutputStream();
            try {
                for (int i = 0; i < c.pieces().size(); i++) {
                    if (i > 0 && c.pauseMillis() > 0) {
                        Thread.sleep(c.pauseMillis());
                    }
                    out.write(c.pieces().get(i));
                    out.flush();
                }
            } catch (IOException e) {
                // The server may close before everything is sent: what it answered still counts.
            }
            return readStatus(socket.getInputStream(), start);
        } catch (IOException e) {
            return "closed";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "closed";
        }
    }

    private String readStatus(InputStream in, long start) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                line.write(b);
                if (System.nanoTime() - start > deadline.toNanos()) {
                    return "hang";
                }
            }
        } catch (SocketTimeoutException e) {
            return "hang";
        } catch (IOException e) {
            return "closed";
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.startsWith("HTTP/1.") && text.length() >= 12 ? text.substring(9, 12) : "closed";
    }

    private static String head(String method, String path, String type, long length) {
        return method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type + "\r\nContent-Length: "
                + length + "\r\nConnection: close\r\n\r\n";
    }

    private static byte[] valid(String path, String type, String body) {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        return concat(bytes(head("POST", path, type, content.length)), content);
    }

    private static byte[] mutate(byte[] request, Random random) {
        byte[] copy = request.clone();
        int flips = 1 + random.nextInt(4);
        byte[] specials = {0, '\r', '\n', ' ', ':', (byte) 0xff, '\t', '"'};
        for (int i = 0; i < flips; i++) {
            copy[random.nextInt(Math.min(copy.length, 120))] = random.nextBoolean()
                    ? specials[random.nextInt(specials.length)] : (byte) random.nextInt(256);
        }
        return copy;
    }

    private static List<byte[]> slices(byte[] request, int count) {
        List<byte[]> pieces = new java.util.ArrayList<>();
        int size = (request.length + count - 1) / count;
        for (int from = 0; from < request.length; from += size) {
            pieces.add(java.util.Arrays.copyOfRange(request, from, Math.min(request.length, from + size)));
        }
        return pieces;
    }

    private static byte[] tlsHello(Random random) {
        byte[] hello = randomBytes(random, 517);
        byte[] header = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, (byte) 0xfc, 0x03, 0x03};
        System.arraycopy(header, 0, hello, 0, header.length);
        return hello;
    }

    private static byte[] randomBytes(Random random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code HttpFuzz BASE_URL ENDPOINT ENV SEEDS TRIES [DEADLINE_SECONDS]}: prints the counts per seed and in all. */
    public static void main(String[] args) {
        if (args.length < 5) {
            System.err.println("usage: HttpFuzz BASE_URL ENDPOINT ENV SEEDS TRIES [DEADLINE_SECONDS]");
            System.exit(2);
        }
        HttpFuzz fuzz = new HttpFuzz(URI.create(args[0]), args[1],
                Duration.ofSeconds(args.length > 5 ? Long.parseLong(args[5]) : 45));
        int[] total = new int[6];
        int seeds = Integer.parseInt(args[3]);
        for (long seed = 1; seed <= seeds; seed++) {
            Counts counts = fuzz.run(seed, Integer.parseInt(args[4]), args[2], System.out::println);
            System.out.println(counts);
            int[] each = {counts.tries(), counts.ok(), counts.clearErrors(), counts.closed(), counts.crashes(), counts.hangs()};
            for (int k = 0; k < total.length; k++) {
                total[k] += each[k];
            }
        }
        System.out.println("total: " + total[0] + " tries, " + total[1] + " answered 2xx, " + total[2]
                + " clear errors (4xx), " + total[3] + " closed without an answer, " + total[4] + " crashes, " + total[5]
                + " hangs");
        System.exit(total[4] + total[5] == 0 ? 0 : 1);
    }
}
