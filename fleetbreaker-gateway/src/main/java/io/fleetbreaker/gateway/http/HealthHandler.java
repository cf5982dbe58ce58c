package io.fleetbreaker.gateway.http;

import io.fleetbreaker.StoreFailurePolicy;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /health/live} (the process answers) and {@code GET /health/ready}: not ready only while the store is
 * down and {@code store.onFailure} is {@code reject}, since then every call would be refused; with {@code local} or
 * {@code allow} the instance still serves. Stateless; thread-safe.
 */
final class HealthHandler {

    private final ApiContext api;

    HealthHandler(ApiContext api) {
        this.api = api;
    }

    void live(RoutingContext ctx) {
        Json.send(ctx, 200, new JsonObject().put("status", "UP").put("instance", api.instanceId()));
    }

    void ready(RoutingContext ctx) {
        boolean degraded = api.registry().isDegraded();
        boolean refusing = degraded && api.config().get().store().onFailure() == StoreFailurePolicy.REJECT;
        Json.send(ctx, refusing ? 503 : 200, new JsonObject().put("status", refusing ? "DOWN" : "UP")
                .put("store", degraded ? "degraded" : "ok").put("instance", api.instanceId()));
    }
}
