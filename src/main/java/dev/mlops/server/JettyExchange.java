package dev.mlops.server;

import com.sun.net.httpserver.Headers;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One Jetty request as the exchange the routes are written against. The body has been read already
 * (without holding a thread, see {@link HttpFront}); the response is written in one go on
 * {@link #close()}, which ends the request: headers and a small body then leave in one packet.
 */
final class JettyExchange extends BufferedExchange {
    private final Request request;
    private final Response response;
    private final Callback done;

    JettyExchange(Request request, Response response, Callback done, Body body) {
        super(request.getMethod(), body.uri(), body.bytes());
        this.request = request;
        this.response = response;
        this.done = done;
        for (HttpField field : request.getHeaders()) {
            getRequestHeaders().add(field.getName(), field.getValue());
        }
    }

    /** What {@link HttpFront} read before handing the request to a worker. */
    record Body(URI uri, byte[] bytes) {
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        return inet(request.getConnectionMetaData().getRemoteSocketAddress());
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        return inet(request.getConnectionMetaData().getLocalSocketAddress());
    }

    private static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? inet : new InetSocketAddress(0);
    }

    @Override
    public String getProtocol() {
        return request.getConnectionMetaData().getProtocol();
    }

    @Override
    void finish(int status, Headers headers, byte[] body) {
        response.setStatus(status);
        headers.forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), done);
    }
}
