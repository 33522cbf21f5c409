package dev.mlops.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own answers (malformed framing 400, headers too large 431, ...) as the routes' JSON error
 * body, with Jetty's short reason and never a stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {
    JsonErrorHandler() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
        String text = reason.length() <= 80 ? reason : reason.substring(0, 80) + "...";
        String body = HttpIo.error(HttpStatus.getMessage(code).replace(" ", ""), "cannot read the request: " + text)
                .toString();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }
}
