package io.fleetbreaker.gateway.config;

/** Where the gateway's HTTP server listens. Port 0 picks a free port (tests). Immutable. */
public record ServerConfig(String host, int port) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
}
