package dev.mlops.server;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which {@code Host} headers the server answers, against DNS rebinding: a web page whose name
 * starts to resolve to 127.0.0.1 can make a browser send requests here, but they still carry the
 * page's name. Accepted: {@code localhost} (and {@code *.localhost}), loopback addresses, the bound
 * address (any address when bound to all), and the names configured with {@code --allowed-host}.
 */
final class HostCheck {
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final int REMEMBERED = 64;
    private final InetAddress bound;
    private final Set<String> names = new TreeSet<>();
    // Clients send the same Host header on every request: the answer for each is kept, a few of them.
    private final Map<String, Boolean> decided = new ConcurrentHashMap<>();

    HostCheck(InetAddress bound, List<String> allowedNames) {
        this.bound = bound;
        names.add("localhost");
        allowedNames.forEach(n -> names.add(n.toLowerCase(Locale.ROOT)));
    }

    /** Whether to answer a request with this {@code Host} header; none at all (HTTP/1.0) is accepted. */
    boolean accepts(String header) {
        if (header == null) {
            return true;
        }
        Boolean known = decided.get(header);
        if (known != null) {
            return known;
        }
        boolean accepted = decide(header);
        if (decided.size() < REMEMBERED) {
            decided.put(header, accepted);
        }
        return accepted;
    }

    private boolean decide(String header) {
        String host = hostPart(header.trim().toLowerCase(Locale.ROOT));
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (names.contains(host) || host.endsWith(".localhost")) {
            return true;
        }
        return literal(host).map(a -> a.isLoopbackAddress() || bound.isAnyLocalAddress() || a.equals(bound))
                .orElse(false);
    }

    String describe() {
        return String.join(", ", names) + ", loopback addresses and " + (bound.isAnyLocalAddress()
                ? "any IP address" : bound.getHostAddress());
    }

    private static String hostPart(String header) {
        if (header.startsWith("[")) {
            int end = header.indexOf(']');
            return end < 0 ? header : header.substring(0, end + 1);
        }
        int colon = header.lastIndexOf(':');
        return colon < 0 ? header : header.substring(0, colon);
    }

    /** The address an IP literal names, never a DNS lookup. */
    private static java.util.Optional<InetAddress> literal(String host) {
        boolean v6 = host.startsWith("[") && host.endsWith("]") && host.length() > 2
                && host.substring(1, host.length() - 1).matches("[0-9a-f:.]+");
        if (!v6 && !IPV4.matcher(host).matches()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(InetAddress.getByName(v6 ? host.substring(1, host.length() - 1) : host));
        } catch (UnknownHostException e) {
            return java.util.Optional.empty();
        }
    }
}
