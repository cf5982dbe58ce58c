package io.fleetbreaker.gateway.support;

import io.fleetbreaker.gateway.downstream.DownstreamMode;
import io.fleetbreaker.gateway.downstream.DownstreamServer;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** The downstream simulator on its own Vert.x and a free port, for integration tests. */
public final class TestDownstream implements AutoCloseable {

    private final Vertx vertx;
    private final DownstreamServer server;

    private TestDownstream(Vertx vertx, DownstreamServer server) {
        this.vertx = vertx;
        this.server = server;
    }

    public static TestDownstream start() throws Exception {
        Vertx vertx = Vertx.vertx();
        return new TestDownstream(vertx, DownstreamServer.start(vertx, "127.0.0.1", 0).await(10, TimeUnit.SECONDS));
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    public DownstreamServer server() {
        return server;
    }

    public void mode(DownstreamMode mode) {
        server.mode(mode);
    }

    @Override
    public void close() throws Exception {
        server.close().await(5, TimeUnit.SECONDS);
        vertx.close().await(5, TimeUnit.SECONDS);
    }
}
