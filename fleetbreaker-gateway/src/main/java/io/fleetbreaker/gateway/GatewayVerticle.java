package io.fleetbreaker.gateway;

import io.fleetbreaker.gateway.http.ApiContext;
import io.fleetbreaker.gateway.http.ApiRouter;
import io.fleetbreaker.gateway.http.ErrorResponses;
import io.fleetbreaker.gateway.proxy.CircuitRoutes;
import io.fleetbreaker.gateway.proxy.ProxyHandler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import java.time.Duration;

/**
 * One event loop's share of the gateway: an HTTP server (Vert.x spreads the listening socket over the instances), its
 * own upstream {@link HttpClient} with a real connection pool, the proxy and the API router. Everything it shares
 * with the other instances (registry, routes, transition log) is thread-safe.
 */
final class GatewayVerticle extends VerticleBase {

    /** Upstream connections per event loop. Vert.x's default of 5 caps throughput far below the proxy's capacity. */
    static final int UPSTREAM_POOL_SIZE = 256;

    private final String host;
    private final int port;
    private final CircuitRoutes routes;
    private final ApiContext api;
    private final Duration recordingWait;
    private HttpServer server;
    private HttpClient client;

    GatewayVerticle(String host, int port, CircuitRoutes routes, ApiContext api, Duration recordingWait) {
        this.host = host;
        this.port = port;
        this.routes = routes;
        this.api = api;
        this.recordingWait = recordingWait;
    }

    @Override
    public Future<?> start() {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true)
                        .setKeepAliveTimeout(30).setDecompressionSupported(false),
                new PoolOptions().setHttp1MaxSize(UPSTREAM_POOL_SIZE));
        ProxyHandler proxy = new ProxyHandler(vertx, client, routes, api.instanceId(), recordingWait);
        Router router = ApiRouter.create(vertx, api);
        server = vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setCompressionSupported(false))
                .requestHandler(request -> {
                    if (request.uri().startsWith(ProxyHandler.PREFIX)) {
                        proxy.handle(request);
                    } else {
                        router.handle(request);
                    }
                })
                .invalidRequestHandler(ErrorResponses::invalidRequest);
        return server.listen(port, host);
    }

    /** The port actually bound (differs from the configured one when that was 0). */
    int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return server.close().eventually(() -> client.close());
    }
}
