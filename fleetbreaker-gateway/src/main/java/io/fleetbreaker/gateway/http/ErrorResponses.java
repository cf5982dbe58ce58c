package io.fleetbreaker.gateway.http;

import io.vertx.core.Future;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The one place where errors become HTTP: every error body is {@code {"error": code, "message": text, ...}} with
 * JSON content type, never a stack trace. Stateless; thread-safe.
 */
public final class ErrorResponses {

    private ErrorResponses() {
    }

    /** An error body with {@code extra} fields (e.g. {@code circuit}) added after the code. */
    public static JsonObject body(String code, String message, JsonObject extra) {
        JsonObject body = new JsonObject().put("error", code);
        if (extra != null) {
            extra.forEach(e -> body.put(e.getKey(), e.getValue()));
        }
        return body.put("message", message);
    }

    /** Sends the error unless the response was already started (then the connection is reset instead). */
    public static Future<Void> send(HttpServerResponse response, int status, String code, String message,
            JsonObject extra) {
        if (response.headWritten()) {
            return response.reset();
        }
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        return response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body(code, message, extra).encode());
    }

    public static Future<Void> send(HttpServerResponse response, int status, String code, String message) {
        return send(response, status, code, message, null);
    }

    /** 404 {@code unknown_circuit}. */
    public static Future<Void> unknownCircuit(HttpServerResponse response, String circuit) {
        return send(response, 404, "unknown_circuit", "no circuit named '" + circuit + "' is configured",
                new JsonObject().put("circuit", circuit));
    }

    /**
     * A request Vert.x could not decode (HTTP/1.x): headers over {@code maxHeaderSize} (8 KiB) → 431
     * {@code request_header_too_large}, a request line over {@code maxInitialLineLength} (4 KiB) → 414
     * {@code uri_too_long}, anything else → 400 {@code bad_request}. Vert.x closes the connection once it is sent.
     */
    public static void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
        HttpServerResponse response = request.response();
        response.putHeader("Connection", "close");
        if (cause instanceof TooLongHttpHeaderException) {
            send(response, 431, "request_header_too_large", "the request headers are larger than "
                    + HttpServerOptions.DEFAULT_MAX_HEADER_SIZE + " bytes");
        } else if (cause instanceof TooLongHttpLineException) {
            send(response, 414, "uri_too_long", "the request line is longer than "
                    + HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH + " bytes");
        } else {
            send(response, 400, "bad_request", "the request could not be read");
        }
    }

    /** 400 {@code bad_json}. */
    public static Future<Void> badJson(HttpServerResponse response, String detail) {
        return send(response, 400, "bad_json", "the request body is not a valid JSON object: " + detail);
    }
}
