package io.fleetbreaker.gateway.http;

import io.fleetbreaker.gateway.proxy.CircuitRoute;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * {@code GET /api/v1/circuits} (every circuit with instance and store health) and {@code GET /api/v1/circuits/{name}}.
 * Stateless; thread-safe.
 */
final class CircuitsHandler {

    private final ApiContext api;

    CircuitsHandler(ApiContext api) {
        this.api = api;
    }

    void list(RoutingContext ctx) {
        api.views(ctx.vertx()).onComplete(views -> Json.send(ctx, 200, listBody(api, views, true)), ctx::fail);
    }

    void one(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        CircuitRoute route = api.routes().find(name);
        if (route == null) {
            ErrorResponses.unknownCircuit(ctx.response(), name);
            return;
        }
        api.view(ctx.vertx(), route).onComplete(v -> Json.send(ctx, 200,
                CircuitJson.circuit(v.snapshot(), route, api.transitions().recent(name))), ctx::fail);
    }

    /** The list shape, shared with the SSE snapshot event; {@code full} = with config and transitions. */
    static JsonObject listBody(ApiContext api, List<ApiContext.CircuitView> views, boolean full) {
        JsonArray circuits = new JsonArray();
        for (ApiContext.CircuitView v : views) {
            circuits.add(full
                    ? CircuitJson.circuit(v.snapshot(), v.route(), api.transitions().recent(v.route().name()))
                    : CircuitJson.counters(v.snapshot(), v.route()));
        }
        return new JsonObject().put("instance", api.instanceId()).put("store", api.storeHealth())
                .put("storeKind", api.registry().storeKind()).put("circuits", circuits);
    }
}
