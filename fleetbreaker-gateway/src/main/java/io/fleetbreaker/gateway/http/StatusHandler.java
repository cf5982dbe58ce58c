package io.fleetbreaker.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /status}: an object keyed by circuit name (SPEC §4, seed-compatible). Stateless; thread-safe. */
final class StatusHandler implements Handler<RoutingContext> {

    private final ApiContext api;

    StatusHandler(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(RoutingContext ctx) {
        api.views(ctx.vertx()).onComplete(views -> {
            boolean degraded = api.registry().isDegraded();
            JsonObject body = new JsonObject();
            views.forEach(v -> body.put(v.route().name(), CircuitJson.status(v.snapshot(), api.instanceId(),
                    degraded)));
            Json.send(ctx, 200, body);
        }, ctx::fail);
    }
}
