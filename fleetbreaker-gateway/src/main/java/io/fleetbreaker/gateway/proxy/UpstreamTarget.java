package io.fleetbreaker.gateway.proxy;

import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.HostAndPort;
import java.net.URI;

/**
 * Where a circuit's calls go, pre-split from its {@code upstream} URL so building a request costs no parsing.
 * Immutable; thread-safe.
 */
record UpstreamTarget(String host, int port, boolean ssl, String basePath, HostAndPort authority) {

    static UpstreamTarget of(URI upstream) {
        boolean ssl = "https".equalsIgnoreCase(upstream.getScheme());
        int port = upstream.getPort() > 0 ? upstream.getPort() : ssl ? 443 : 80;
        String path = upstream.getRawPath() == null ? "" : upstream.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        // The Host header the upstream expects: its own name, with the port only when the URL gave one.
        HostAndPort authority = upstream.getPort() > 0 ? HostAndPort.authority(upstream.getHost(), upstream.getPort())
                : HostAndPort.authority(upstream.getHost());
        return new UpstreamTarget(upstream.getHost(), port, ssl, path, authority);
    }

    /**
     * The request URI for {@code rest}, what followed {@code /proxy/{circuit}} in the incoming URI: empty, a query
     * ({@code ?a=1}) or a path with optional query ({@code /x?a=1}).
     */
    String uriFor(String rest) {
        if (rest.isEmpty() || rest.charAt(0) == '?') {
            return (basePath.isEmpty() ? "/" : basePath) + rest;
        }
        return basePath + rest;
    }

    RequestOptions requestOptions(String rest, long timeoutMillis) {
        return new RequestOptions().setHost(host).setPort(port).setSsl(ssl).setURI(uriFor(rest))
                .setConnectTimeout(timeoutMillis).setIdleTimeout(timeoutMillis);
    }
}
