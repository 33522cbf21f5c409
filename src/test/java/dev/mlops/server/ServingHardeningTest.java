package dev.mlops.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.deploy.EndpointStatus;
import dev.mlops.deploy.ModelRef;
import dev.mlops.local.LocalEndpointDeployer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What hostile or broken clients must not do to {@code mlops serve}: stop the routes with idle
 * connections, hang a connection with bad framing, get a 500 from odd JSON, slip non-numbers past
 * the local endpoint, reach it through a rebound DNS name. Time-outs are short here (1 s) so that
 * each case finishes quickly; every wait is bounded.
 */
class ServingHardeningTest {
    /** Long enough that a loaded machine answers well within it; idle connections are held at least this long. */
    private static final Duration TIMEOUT = Duration.ofSeconds(3);
    /** Time-out plus the guard's sweep and scheduling slack: an answer later than this is a hang. */
    private static final int DEADLINE_MILLIS = 7000;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    @TempDir
    static Path stateDir;
    static ServingServer server;

    @BeforeAll
    static void deploy() {
        TestModels models = new TestModels(stateDir);
        ModelRef model = models.train("hardening", 5);
        LocalEndpointDeployer deployer = new LocalEndpointDeployer(stateDir, Clock.systemUTC());
        deployer.apply(TestModels.config("shop-staging", "staging", model, 0));
        deployer.apply(TestModels.config("shop-prod", "prod", model, 0));
        server = ServingServer.start(ServingOptions.defaults(stateDir).withMaxBodyBytes(64 * 1024)
                .withLimits(ServingLimits.defaults().withTimeouts(TIMEOUT, TIMEOUT, Duration.ofSeconds(2)))
                .withLog(line -> { }));
        for (String name : List.of("shop-staging", "shop-prod")) {
            Awaits.endpoint(deployer, name, d -> d.status() == EndpointStatus.InService, "InService");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void idleConnectionsDoNotStopAnyRouteProdIncluded() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) {
                Socket socket = new Socket("127.0.0.1", server.port());
                socket.getOutputStream().write(("POST /api/prod/predict HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII));
                idle.add(socket);
            }
            long start = System.nanoTime();
            assertEquals(200, post("/api/prod/predict", "text/csv", TestModels.WORKSHOP_RECORD).statusCode());
            assertEquals(200, post("/endpoints/shop-prod/invocations", "text/csv", TestModels.WORKSHOP_RECORD).statusCode());
            long millis = (System.nanoTime() - start) / 1_000_000;
            // Before the header time-out frees anything: the answers did not wait for the idle connections.
            assertTrue(millis < TIMEOUT.toMillis() - 200, "answered while 12 connections sat idle, but only after "
                    + millis + " ms");
        } finally {
            for (Socket socket : idle) {
                socket.close();
            }
        }
    }

    @Test
    void contentLengthLargerThanTheBodyIsAnsweredNotHung() throws Exception {
        String outcome = raw("POST /endpoints/shop-staging/invocations HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: text/csv\r\nContent-Length: 100\r\n\r\nL,298.4");
        assertTrue(outcome.equals("408") || outcome.equals("400") || outcome.equals("closed"), outcome);
    }

    @Test
    void tlsClientHelloOnThePlainPortIsRefusedNotHung() throws Exception {
        byte[] hello = new byte[300];
        byte[] header = {0x16, 0x03, 0x01, 0x01, 0x27, 0x01, 0x00, 0x01, 0x23, 0x03, 0x03};
        System.arraycopy(header, 0, hello, 0, header.length);
        String outcome = raw(hello);
        assertTrue(outcome.equals("400") || outcome.equals("closed"), outcome);
    }

    @Test
    void headersTrickledByteByByteAreCutOffAtTheHeaderTimeout() throws Exception {
        long start = System.nanoTime();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(DEADLINE_MILLIS);
            boolean cut = false;
            for (int i = 0; i < 40 && !cut; i++) {
                try {
                    socket.getOutputStream().write(i == 0 ? "GET /healthz HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)
                            : "X".getBytes(StandardCharsets.US_ASCII));
                    Thread.sleep(150);
                } catch (IOException e) {
                    cut = true;
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(cut || socket.getInputStream().read() < 0, "the trickling connection stayed open " + millis + " ms");
            assertTrue(millis < DEADLINE_MILLIS, "cut only after " + millis + " ms");
        }
    }

    @Test
    void largeOrManyHeadersAre431() throws Exception {
        assertEquals("431", raw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"));
        assertEquals("431", raw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n" + "X-H: 1\r\n".repeat(100) + "\r\n"));
    }

    @Test
    void declaredOversizedBodyIs413WithoutReadingIt() throws Exception {
        assertEquals("413", raw("POST /api/staging/predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/csv\r\n"
                + "Content-Length: 50000000\r\n\r\nL,1"));
    }

    @Test
    void deepJsonAndHugeNumbersAre400NeverA500() throws Exception {
        List<String> bodies = List.of("{\"instances\": " + "[".repeat(20_000),
                "{\"instances\": " + "[".repeat(600) + "]".repeat(600) + "}",
                "{\"instances\": [[\"L\", " + "9".repeat(1000) + ", 308.2, 1582, 70.7, 216]]}",
                "{\"instances\": [[\"L\", 1" + "0".repeat(1200) + ".5, 308.2, 1582, 70.7, 216]]}");
        for (String body : bodies) {
            HttpResponse<String> response = post("/api/staging/predict", "application/json", body);
            assertEquals(400, response.statusCode(), response.body());
            assertFalse(response.body().contains("Exception"), response.body());
        }
    }

    @Test
    void numberFormsAreThoseTheFeaturizerContainerAccepts() throws Exception {
        for (String refused : List.of("0x1p8", "298.4d", "216f", "216\u0000", "inf", "NaN", "1_000", "1e400", "\u0661")) {
            String record = "L," + refused + ",308.2,1582,70.7,216";
            assertEquals(400, post("/endpoints/shop-staging/invocations", "text/csv", record).statusCode(), record);
            assertEquals(400, post("/api/staging/predict", "text/csv", record).statusCode(), record);
        }
        for (String accepted : List.of("1e3", " 298.4 ", "\t298.4", "+298.4", "298.", ".5e3", "2.984E+2")) {
            String record = "L," + accepted + ",308.2,1582,70.7,216";
            HttpResponse<String> response = post("/endpoints/shop-staging/invocations", "text/csv", record);
            assertEquals(200, response.statusCode(), record + ": " + response.body());
        }
    }

    @Test
    void foreignHostNamesAreRefusedAgainstDnsRebinding() throws Exception {
        String request = "GET /healthz HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n";
        assertEquals("421", raw(String.format(request, "attacker.example:" + server.port())));
        assertEquals("421", raw(String.format(request, "127.0.0.1.nip.io")));
        assertEquals("200", raw(String.format(request, "localhost:" + server.port())));
        assertEquals("200", raw(String.format(request, "127.0.0.1:" + server.port())));
        assertEquals("200", raw(String.format(request, "[::1]:" + server.port())));
    }

    @Test
    void corsHeadersOnlyOnTheApiRoute() throws Exception {
        HttpResponse<String> api = post("/api/staging/predict", "text/csv", TestModels.WORKSHOP_RECORD);
        assertTrue(api.headers().firstValue("Access-Control-Allow-Origin").isPresent(), api.headers().toString());
        for (String path : List.of("/endpoints/shop-staging/invocations", "/endpoints", "/healthz")) {
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(uri(path)).header("Origin", "http://a.example")
                    .method(path.endsWith("invocations") ? "POST" : "GET", HttpRequest.BodyPublishers.ofString(
                            TestModels.WORKSHOP_RECORD)).header("Content-Type", "text/csv").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(response.headers().map().keySet().stream().noneMatch(h -> h.toLowerCase().startsWith("access-control")),
                    path + ": " + response.headers());
        }
    }

    @Test
    void fuzzedRequestsAreAnsweredOrClosedAndNeverCrashTheServer() {
        long seed = Long.getLong("fuzz.seed", 20240610L);
        System.out.println("ServingHardeningTest fuzz seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        List<String> failures = new ArrayList<>();
        HttpFuzz.Counts counts = new HttpFuzz(server.baseUri(), "shop-staging", Duration.ofMillis(DEADLINE_MILLIS))
                .run(seed, 60, "staging", failures::add);
        System.out.println(counts);
        assertEquals(List.of(), failures, counts.toString());
        assertEquals(0, counts.crashes() + counts.hangs(), counts.toString());
    }

    private static HttpResponse<String> post(String path, String type, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(3)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create(server.baseUri() + path);
    }

    private static String raw(String request) throws IOException {
        return raw(request.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The status an answer carries, "closed" when the server closed without one; fails on no answer in time. */
    private static String raw(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(DEADLINE_MILLIS);
            try {
                socket.getOutputStream().write(request);
            } catch (IOException e) {
                return "closed";
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            try {
                while ((b = in.read()) >= 0 && b != '\n') {
                    line.write(b);
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no answer within " + DEADLINE_MILLIS + " ms: the connection hangs");
            } catch (IOException e) {
                return "closed";
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            return text.startsWith("HTTP/1.") ? text.substring(9, 12) : "closed";
        }
    }
}
