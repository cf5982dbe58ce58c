package io.fleetbreaker.gateway.http;

import io.fleetbreaker.event.StateTransition;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: Server-Sent Events. A {@code snapshot} first (the {@code /api/v1/circuits} body), then
 * every {@code transition} as this instance learns it, {@code counters} every second and a {@code : ping} comment
 * every 15 s (keeps proxies from closing an idle stream). Each stream lives on its connection's event loop;
 * transitions arrive on core threads and hop there. Stateless apart from per-stream timers; thread-safe.
 */
final class EventsHandler implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(EventsHandler.class);
    static final long COUNTERS_EVERY_MS = 1000;
    static final long PING_EVERY_MS = 15_000;

    private final ApiContext api;

    EventsHandler(ApiContext api) {
        this.api = api;
    }

    /** {@code HEAD /api/v1/events}: the stream's headers and no stream; any other method goes on to the stream. */
    static void headOnly(RoutingContext ctx) {
        if (ctx.request().method() != io.vertx.core.http.HttpMethod.HEAD) {
            ctx.next();
            return;
        }
        ctx.response().putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end();
    }

    @Override
    public void handle(RoutingContext ctx) {
        Vertx vertx = ctx.vertx();
        Context context = vertx.getOrCreateContext();
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Accel-Buffering", "no");
        response.write(": connected to " + api.instanceId() + "\n\n");
        // Transitions that arrive before the snapshot is written wait for it, so the snapshot is always first.
        java.util.List<StateTransition> early = new java.util.ArrayList<>();
        boolean[] snapshotWritten = {false};
        Runnable unsubscribe = api.transitions().subscribe(t -> context.runOnContext(v -> {
            if (snapshotWritten[0]) {
                onTransition(response, t);
            } else {
                early.add(t);
            }
        }));
        api.views(vertx).onComplete(ar -> {
            if (ar.succeeded()) {
                send(response, "snapshot", CircuitsHandler.listBody(api, ar.result(), true));
            } else {
                LOG.debug("events: snapshot unavailable: {}", ar.cause().toString());
            }
            snapshotWritten[0] = true;
            early.forEach(t -> onTransition(response, t));
            early.clear();
        });
        long counters = vertx.setPeriodic(COUNTERS_EVERY_MS, id -> sendCounters(vertx, response));
        long ping = vertx.setPeriodic(PING_EVERY_MS, id -> {
            if (!response.closed()) {
                response.write(": ping\n\n");
            }
        });
        response.closeHandler(v -> {
            unsubscribe.run();
            vertx.cancelTimer(counters);
            vertx.cancelTimer(ping);
        });
    }

    private void onTransition(HttpServerResponse response, StateTransition t) {
        if (api.routes().find(t.circuit()) != null) {
            send(response, "transition", CircuitJson.transition(t));
        }
    }

    private void sendCounters(Vertx vertx, HttpServerResponse response) {
        if (response.closed()) {
            return;
        }
        api.views(vertx).onComplete(views -> {
            JsonArray circuits = new JsonArray();
            views.forEach(v -> circuits.add(CircuitJson.counters(v.snapshot(), v.route())));
            send(response, "counters", new JsonObject().put("at", System.currentTimeMillis())
                    .put("instance", api.instanceId()).put("store", api.storeHealth()).put("circuits", circuits));
        }, error -> LOG.debug("events: counters unavailable: {}", error.toString()));
    }

    private static void send(HttpServerResponse response, String event, JsonObject data) {
        if (!response.closed() && !response.ended()) {
            response.write("event: " + event + "\ndata: " + data.encode() + "\n\n");
        }
    }
}
