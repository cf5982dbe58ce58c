package io.fleetbreaker.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every non-proxy route of the gateway (SPEC §4) on one vertx-web {@link Router}, with the error mapping in one
 * place: unknown route → 404 JSON, wrong method → 405 JSON (HEAD is allowed wherever GET is), oversized body → 413, a store that did not answer in time
 * → 503, anything unexpected → 500 JSON (logged, never shown). Create one per event loop.
 */
public final class ApiRouter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final long MAX_BODY = 64 * 1024;

    private ApiRouter() {
    }

    public static Router create(Vertx vertx, ApiContext api) {
        Router router = Router.router(vertx);
        CircuitsHandler circuits = new CircuitsHandler(api);
        HealthHandler health = new HealthHandler(api);
        AdminHandler admin = new AdminHandler(api);

        read(router, "/status").handler(new StatusHandler(api));
        read(router, "/api/v1/circuits").handler(circuits::list);
        read(router, "/api/v1/circuits/:name").handler(circuits::one);
        read(router, "/api/v1/events").handler(EventsHandler::headOnly).handler(new EventsHandler(api));
        read(router, "/api/v1/instances").handler(new InstancesHandler(api));
        // vertx-web wants the body handler first; it only buffers (at most MAX_BODY) before the token is checked.
        router.post("/api/v1/circuits/:name/:action").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
                .handler(admin::authorize).handler(admin::circuitAction);
        router.post("/api/v1/admin/reload").handler(admin::authorize).handler(admin::reload);
        // The admin paths with any other method: 405, before the dashboard's GET /* could answer 404 for them.
        router.route("/api/v1/circuits/:name/:action").handler(ApiRouter::postOnly);
        router.route("/api/v1/admin/reload").handler(ApiRouter::postOnly);
        read(router, "/metrics").handler(new MetricsHandler(api));
        read(router, "/health/live").handler(health::live);
        read(router, "/health/ready").handler(health::ready);
        if (DashboardHandler.isBuilt()) {
            read(router, "/assets/*").handler(DashboardHandler::headContentType)
                    .handler(DashboardHandler.hashedAssets());
            read(router, "/*").handler(DashboardHandler::headContentType).handler(DashboardHandler::noCache)
                    .handler(DashboardHandler.pages());
        } else {
            read(router, "/").handler(DashboardHandler.notBuilt());
        }

        router.errorHandler(404, ctx -> ErrorResponses.send(ctx.response(), 404, "not_found",
                "no such endpoint: " + ctx.request().method() + " " + ctx.request().path()));
        router.errorHandler(405, ctx -> ErrorResponses.send(ctx.response(), 405, "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path()));
        router.errorHandler(413, ctx -> ErrorResponses.send(ctx.response(), 413, "body_too_large",
                "the request body is larger than " + MAX_BODY + " bytes"));
        router.errorHandler(400, ctx -> ErrorResponses.send(ctx.response(), 400, "bad_request",
                "the request could not be read"));
        router.errorHandler(500, ApiRouter::unexpected);
        return router;
    }

    /**
     * A read-only route: {@code GET}, and {@code HEAD}, which runs the same handler; Vert.x sends a HEAD response's
     * headers (Content-Length included) and drops its body.
     */
    private static Route read(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    private static void postOnly(RoutingContext ctx) {
        ctx.response().putHeader("Allow", "POST");
        ErrorResponses.send(ctx.response(), 405, "method_not_allowed",
                ctx.request().method() + " is not allowed on " + ctx.request().path() + " (use POST)");
    }

    private static void unexpected(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof TimeoutException || failure instanceof io.vertx.core.VertxException
                && failure.getCause() instanceof TimeoutException) {
            ErrorResponses.send(ctx.response(), 503, "store_timeout",
                    "the shared store did not answer in time; try again");
            return;
        }
        LOG.warn("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
        ErrorResponses.send(ctx.response(), 500, "internal_error", "the gateway could not handle this request");
    }
}
