package dev.mlops.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Holds connections that send a request line and nothing more, re-opening each one the server
 * closes, for benchmarks under idle load. On a loopback target they come from 127.0.0.2, .3, ...
 * ({@code PER_ADDRESS} each), as many clients would; {@code PER_ADDRESS} = 0 keeps them all on one address.
 */
public final class IdleConnections {
    private IdleConnections() {
    }

    /** {@code IdleConnections URL COUNT [PER_ADDRESS]}; runs until killed. */
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int count = Integer.parseInt(args[1]);
        int perAddress = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        AtomicInteger reopened = new AtomicInteger();
        InetSocketAddress target = new InetSocketAddress(url.getHost(), url.getPort());
        byte[] line = ("POST " + url.getRawPath() + " HTTP/1.1\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            InetAddress source = perAddress > 0 && target.getAddress().isLoopbackAddress()
                    ? InetAddress.getByAddress(new byte[] {127, 0, (byte) (i / perAddress / 250), (byte) (2 + i / perAddress % 250)})
                    : null;
            Thread thread = new Thread(() -> hold(target, source, line, reopened), "idle-" + i);
            thread.setDaemon(true);
            thread.start();
        }
        System.out.println("holding " + count + " idle connections to " + target);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
                System.out.println("idle connections re-opened after the server closed them: " + reopened.get())));
        Thread.sleep(Long.MAX_VALUE);
    }

    private static void hold(InetSocketAddress target, InetAddress source, byte[] line, AtomicInteger reopened) {
        for (boolean first = true; ; first = false) {
            if (!first) {
                reopened.incrementAndGet();
            }
            try (Socket socket = new Socket()) {
                if (source != null) {
                    socket.bind(new InetSocketAddress(source, 0));
                }
                socket.connect(target, 5000);
                OutputStream out = socket.getOutputStream();
                out.write(line);
                out.flush();
                while (socket.getInputStream().read() >= 0) {
                    // Whatever the server says, this client never finishes its request.
                }
            } catch (IOException e) {
                sleep(100);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
