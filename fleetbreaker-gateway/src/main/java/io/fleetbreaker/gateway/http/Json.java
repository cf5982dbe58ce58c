package io.fleetbreaker.gateway.http;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Sends JSON success bodies (errors go through {@link ErrorResponses}). Stateless. */
final class Json {

    private Json() {
    }

    static void send(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body.encode());
    }
}
