package io.fleetbreaker.gateway.http;

import io.fleetbreaker.InstanceInfo;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.TimeUnit;

/** {@code GET /api/v1/instances}: the live instances from their heartbeats in the store. Stateless; thread-safe. */
final class InstancesHandler implements Handler<RoutingContext> {

    private final ApiContext api;

    InstancesHandler(ApiContext api) {
        this.api = api;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Future.fromCompletionStage(api.registry().instances(), ctx.vertx().getOrCreateContext())
                .timeout(api.snapshotTimeoutMillis(), TimeUnit.MILLISECONDS)
                .onComplete(list -> {
                    JsonArray out = new JsonArray();
                    for (InstanceInfo i : list) {
                        out.add(new JsonObject().put("id", i.instanceId()).put("startedAt", i.startedAtEpochMillis())
                                .put("lastSeen", i.lastSeenEpochMillis())
                                .put("store", i.degraded() ? "degraded" : "ok")
                                .put("self", i.instanceId().equals(api.instanceId())));
                    }
                    Json.send(ctx, 200, new JsonObject().put("instances", out));
                }, ctx::fail);
    }
}
