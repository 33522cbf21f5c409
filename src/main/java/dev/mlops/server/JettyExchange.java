package dev.mlops.server;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One Jetty request as the {@link HttpExchange} the routes are written against. The body has been
 * read already (without holding a thread, see {@link HttpFront}); the response is collected and
 * written in one go on {@link #close()}, which ends the request: headers and a small body then leave
 * in one packet.
 */
final class JettyExchange extends HttpExchange {
    private final Request request;
    private final Response response;
    private final Callback done;
    private final URI uri;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private InputStream body;
    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int status = -1;
    private boolean bodyAllowed = true;

    JettyExchange(Request request, Response response, Callback done, Body body) {
        this.request = request;
        this.response = response;
        this.done = done;
        this.uri = body.uri();
        this.body = new ByteArrayInputStream(body.bytes());
        for (HttpField field : request.getHeaders()) {
            requestHeaders.add(field.getName(), field.getValue());
        }
    }

    /** What {@link HttpFront} read before handing the request to a worker. */
    record Body(URI uri, byte[] bytes) {
    }

    @Override
    public Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public URI getRequestURI() {
        return uri;
    }

    @Override
    public String getRequestMethod() {
        return request.getMethod();
    }

    @Override
    public HttpContext getHttpContext() {
        throw new UnsupportedOperationException("no HttpContext behind a Jetty request");
    }

    @Override
    public InputStream getRequestBody() {
        return body;
    }

    @Override
    public OutputStream getResponseBody() {
        return out;
    }

    /** As the JDK's: a length of -1 means no body, 0 a body of any length (here always sent with its length). */
    @Override
    public void sendResponseHeaders(int code, long length) throws IOException {
        if (status != -1) {
            throw new IOException("headers already sent");
        }
        status = code;
        bodyAllowed = length != -1 && !request.getMethod().equals("HEAD");
    }

    @Override
    public InetSocketAddress getRemoteAddress() {
        SocketAddress address = request.getConnectionMetaData().getRemoteSocketAddress();
        return address instanceof InetSocketAddress inet ? inet : new InetSocketAddress(0);
    }

    @Override
    public int getResponseCode() {
        return status;
    }

    @Override
    public InetSocketAddress getLocalAddress() {
        SocketAddress address = request.getConnectionMetaData().getLocalSocketAddress();
        return address instanceof InetSocketAddress inet ? inet : new InetSocketAddress(0);
    }

    @Override
    public String getProtocol() {
        return request.getConnectionMetaData().getProtocol();
    }

    @Override
    public Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public void setStreams(InputStream in, OutputStream newOut) {
        throw new UnsupportedOperationException("filters are not supported");
    }

    @Override
    public HttpPrincipal getPrincipal() {
        return null;
    }

    /** Ends the request: writes status, headers and body; a handler that sent nothing is a 500. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (status == -1) {
            status = 500;
            bodyAllowed = false;
        }
        response.setStatus(status);
        responseHeaders.forEach((name, values) -> values.forEach(v -> response.getHeaders().add(name, v)));
        byte[] bytes = bodyAllowed ? out.toByteArray() : new byte[0];
        out = new ByteArrayOutputStream(0);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), done);
    }
}
