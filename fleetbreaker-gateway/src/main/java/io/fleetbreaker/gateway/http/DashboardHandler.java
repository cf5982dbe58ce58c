package io.fleetbreaker.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.MimeMapping;
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

    /**
     * Vite names assets by content hash: they never change, so browsers may keep them. Mounted on {@code /assets/*},
     * whose prefix the handler strips, hence the {@code assets} root.
     */
    static StaticHandler hashedAssets() {
        return StaticHandler.create(WEBROOT + "/assets").setCachingEnabled(true).setMaxAgeSeconds(365L * 24 * 3600);
    }

    /**
     * Everything else ({@code index.html} above all) names the current assets, so it must be revalidated on every
     * load or a rebuilt dashboard would stay stale. Unknown files fall through to the next handler (the JSON 404).
     */
    static StaticHandler pages() {
        return StaticHandler.create(WEBROOT).setIndexPage("index.html").setCachingEnabled(false);
    }

    static void noCache(RoutingContext ctx) {
        ctx.response().putHeader("Cache-Control", "no-cache");
        ctx.next();
    }

    /**
     * vertx-web's StaticHandler answers HEAD without a {@code Content-Type}; this puts back the one GET would send
     * (by file name, {@code index.html} for a directory), so HEAD answers like GET.
     */
    static void headContentType(RoutingContext ctx) {
        if (ctx.request().method() == HttpMethod.HEAD) {
            ctx.addHeadersEndHandler(v -> {
                if (ctx.response().getStatusCode() == 200 && !ctx.response().headers().contains("Content-Type")) {
                    String path = ctx.normalizedPath();
                    String type = MimeMapping.mimeTypeForFilename(path.endsWith("/") ? "index.html" : path);
                    if (type != null) {
                        ctx.response().putHeader("Content-Type",
                                type.startsWith("text") ? type + ";charset=UTF-8" : type);
                    }
                }
            });
        }
        ctx.next();
    }

    /** The page shown at {@code /} when no dashboard is built. */
    static Handler<RoutingContext> notBuilt() {
        return ctx -> ctx.response().putHeader("Content-Type", "text/html; charset=utf-8").end(NOT_BUILT);
    }
}
