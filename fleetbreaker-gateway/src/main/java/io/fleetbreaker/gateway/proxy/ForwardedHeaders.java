package io.fleetbreaker.gateway.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import java.util.Set;

/**
 * Header rules of a reverse proxy (RFC 9110 §7.6.1): hop-by-hop headers, and any header the {@code Connection}
 * header names, are not forwarded in either direction, nor are HTTP/2 pseudo-headers; the request gets
 * {@code X-Forwarded-For/-Proto/-Host}.
 * Stateless; thread-safe.
 */
final class ForwardedHeaders {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private ForwardedHeaders() {
    }

    /**
     * Copies end-to-end headers from {@code from} to {@code to}. {@code request}: the client's request headers, which
     * lose {@code Host} (the upstream's authority is set instead) and {@code Expect} (the gateway answers
     * {@code 100 Continue} itself once the call is admitted, and then streams the body without asking again).
     */
    static void copyEndToEnd(MultiMap from, MultiMap to, boolean request) {
        String connection = from.get("Connection");
        for (var e : from) {
            String name = e.getKey().toLowerCase(Locale.ROOT);
            if (name.startsWith(":") || HOP_BY_HOP.contains(name) || (request && (name.equals("host") || name.equals("expect")))
                    || (connection != null && listed(connection, name))) {
                continue;
            }
            to.add(e.getKey(), e.getValue());
        }
    }

    /**
     * Adds the {@code X-Forwarded-*} headers for {@code request}. {@code X-Forwarded-For} is appended to (a proxy in
     * front, like Caddy, already added the client); {@code -Proto} and {@code -Host} are kept when a proxy in front
     * set them, since it saw the original values.
     */
    static void addForwarded(HttpServerRequest request, MultiMap to) {
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String previous = request.getHeader("X-Forwarded-For");
        to.set("X-Forwarded-For", previous == null || previous.isBlank() ? client : previous + ", " + client);
        if (!to.contains("X-Forwarded-Proto")) {
            to.set("X-Forwarded-Proto", request.isSSL() ? "https" : "http");
        }
        // authority() is the Host header in HTTP/1.x and :authority in HTTP/2.
        if (!to.contains("X-Forwarded-Host") && request.authority() != null) {
            to.set("X-Forwarded-Host", request.authority().toString());
        }
    }

    /** True when the client waits for {@code 100 Continue} before sending the body (HTTP/1.1 and HTTP/2 only). */
    static boolean expectsContinue(HttpServerRequest request) {
        String expect = request.getHeader("Expect");
        return expect != null && expect.trim().equalsIgnoreCase("100-continue")
                && request.version() != io.vertx.core.http.HttpVersion.HTTP_1_0;
    }

    private static boolean listed(String connectionHeader, String lowerName) {
        for (String token : connectionHeader.split(",")) {
            if (token.trim().toLowerCase(Locale.ROOT).equals(lowerName)) {
                return true;
            }
        }
        return false;
    }
}
