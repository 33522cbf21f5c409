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
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A request whose body has been read already, as the {@link HttpExchange} the routes are written
 * against; the response is collected and handed to {@link #finish} in one piece on {@link #close()}.
 * Subclasses say where the request came from and where the response goes: a Jetty connection, or
 * the API route's SDK client in the same process.
 */
abstract class BufferedExchange extends HttpExchange {
    private final String method;
    private final URI uri;
    private final Headers requestHeaders = new Headers();
    private final Headers responseHeaders = new Headers();
    private final Map<String, Object> attributes = new HashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final InputStream body;
    private ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int status = -1;
    private boolean bodyAllowed = true;

    BufferedExchange(String method, URI uri, byte[] body) {
        this.method = method;
        this.uri = uri;
        this.body = new Body(body);
    }

    /** The body read already: {@code readNBytes(n)} copies it once, where InputStream's goes through 8 KiB chunks. */
    private static final class Body extends ByteArrayInputStream {
        Body(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized byte[] readNBytes(int len) {
            if (len < 0) {
                throw new IllegalArgumentException("len < 0");
            }
            int n = Math.min(len, count - pos);
            byte[] copy = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return copy;
        }
    }

    /** Sends the response: {@code body} is empty when the handler declared none (or for HEAD). */
    abstract void finish(int status, Headers headers, byte[] body);

    @Override
    public final Headers getRequestHeaders() {
        return requestHeaders;
    }

    @Override
    public final Headers getResponseHeaders() {
        return responseHeaders;
    }

    @Override
    public final URI getRequestURI() {
        return uri;
    }

    @Override
    public final String getRequestMethod() {
        return method;
    }

    @Override
    public HttpContext getHttpContext() {
        throw new UnsupportedOperationException("no HttpContext behind a buffered request");
    }

    @Override
    public final InputStream getRequestBody() {
        return body;
    }

    @Override
    public final OutputStream getResponseBody() {
        return out;
    }

    /** As the JDK's: a length of -1 means no body, 0 a body of any length (here always sent with its length). */
    @Override
    public final void sendResponseHeaders(int code, long length) throws IOException {
        if (status != -1) {
            throw new IOException("headers already sent");
        }
        status = code;
        bodyAllowed = length != -1 && !method.equals("HEAD");
    }

    @Override
    public final int getResponseCode() {
        return status;
    }

    @Override
    public final Object getAttribute(String name) {
        return attributes.get(name);
    }

    @Override
    public final void setAttribute(String name, Object value) {
        attributes.put(name, value);
    }

    @Override
    public final void setStreams(InputStream in, OutputStream newOut) {
        throw new UnsupportedOperationException("filters are not supported");
    }

    @Override
    public final HttpPrincipal getPrincipal() {
        return null;
    }

    /** Ends the request once: status, headers and body go to {@link #finish}; a handler that sent nothing is a 500. */
    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (status == -1) {
            status = 500;
            bodyAllowed = false;
        }
        byte[] bytes = bodyAllowed ? out.toByteArray() : new byte[0];
        out = new ByteArrayOutputStream(0);
        finish(status, responseHeaders, bytes);
    }
}
