package io.fleetbreaker.gateway.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * {@code GET /} and the dashboard's assets from the classpath folder {@code webroot} (the built {@code dashboard/dist},
 * packed into the jar by the build). Without a built dashboard, {@code /} explains how to build it. Thread-safe.
 */
final class DashboardHandler {

    static final String WEBROOT = "webroot";
    private static final String NOT_BUILT = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Fleetbreaker"
            + "</title></head><body><h1>Fleetbreaker gateway</h1><p>dashboard not built: run <code>make</code> (it"
            + " builds <code>dashboard/dist</code> and packs it into the jar).</p><p>The API is up: <a href=\"/status\">"
            + "/status</a>, <a href=\"/api/v1/circuits\">/api/v1/circuits</a>, <a href=\"/metrics\">/metrics</a>."
            + "</p></body></html>";

    private DashboardHandler() {
    }

    static boolean isBuilt() {
        return DashboardHandler.class.getClassLoader().getResource(WEBROOT + "/index.html") != null;
    }

    /** Serves the built dashboard; unknown files fall through to the next handler (the JSON 404). */
    static StaticHandler assets() {
        return StaticHandler.create(WEBROOT).setIndexPage("index.html").setCachingEnabled(true);
    }

    /** The page shown at {@code /} when no dashboard is built. */
    static Handler<RoutingContext> notBuilt() {
        return ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(NOT_BUILT);
    }
}
