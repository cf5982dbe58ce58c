package io.fleetbreaker.gateway.demo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for a fleet of gateways sharing one breaker, just faithful enough to the HTTP contract (docs/http-api.md)
 * for the demo scenario to run against: /health/*, /status, /api/v1/circuits/{name} and /proxy/{circuit}/...
 */
final class FakeFleet {

    private final String circuit;
    private final int threshold;
    private final long openMillis;
    private final int permitted;
    private String state = "CLOSED";
    private long generation = 1;
    private int failures;
    private long openUntil;
    private int probesAdmitted;
    private int probeSuccesses;
    private final List<JsonObject> transitions = new ArrayList<>();
    final List<HttpServer> servers = new ArrayList<>();

    FakeFleet(String circuit, int threshold, long openMillis, int permitted) {
        this.circuit = circuit;
        this.threshold = threshold;
        this.openMillis = openMillis;
        this.permitted = permitted;
    }

    Future<HttpServer> startInstance(Vertx vertx, String id, int downstreamPort) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1")
                .setDefaultPort(downstreamPort));
        return vertx.createHttpServer().requestHandler(req -> handle(req, id, client)).listen(0, "127.0.0.1")
                .onSuccess(servers::add);
    }

    private void handle(HttpServerRequest req, String id, HttpClient client) {
        String path = req.path();
        if (path.equals("/health/live") || path.equals("/health/ready")) {
            json(req, 200, new JsonObject().put("status", "UP").put("instance", id));
        } else if (path.equals("/status")) {
            synchronized (this) {
                json(req, 200, new JsonObject().put(circuit, new JsonObject().put("state", state)
                        .put("generation", generation).put("instance", id)
                        .put("failures_or_successes", state.equals("HALF_OPEN") ? probeSuccesses : failures)));
            }
        } else if (path.equals("/api/v1/circuits/" + circuit)) {
            synchronized (this) {
                JsonArray list = new JsonArray();
                for (int i = transitions.size() - 1; i >= 0; i--) {
                    list.add(transitions.get(i));
                }
                json(req, 200, new JsonObject().put("name", circuit).put("state", state)
                        .put("config", new JsonObject().put("failureThreshold", threshold)
                                .put("openStateDuration", openMillis + "ms").put("halfOpenPermittedCalls", permitted))
                        .put("transitions", list));
            }
        } else if (path.startsWith("/proxy/" + circuit + "/")) {
            String admittedIn = admit(id);
            if (admittedIn == null) {
                synchronized (this) {
                    json(req, 503, new JsonObject().put("error", "circuit_open").put("circuit", circuit)
                            .put("state", state).put("retryAfterMs", Math.max(0, openUntil - System.currentTimeMillis())));
                }
                return;
            }
            String rest = path.substring(("/proxy/" + circuit).length());
            client.request(HttpMethod.GET, rest).compose(r -> r.send()).compose(resp -> resp.body().map(b -> {
                record(id, admittedIn, resp.statusCode() < 500);
                req.response().setStatusCode(resp.statusCode()).putHeader("X-Fleetbreaker-Instance", id).end(b);
                return null;
            })).onFailure(e -> {
                record(id, admittedIn, false);
                json(req, 502, new JsonObject().put("error", "upstream_unavailable"));
            });
        } else {
            json(req, 404, new JsonObject().put("error", "not_found"));
        }
    }

    private synchronized String admit(String id) {
        if (state.equals("OPEN") && System.currentTimeMillis() >= openUntil) {
            transition("HALF_OPEN", id, "openStateDuration passed");
        }
        switch (state) {
            case "CLOSED":
                return "CLOSED";
            case "HALF_OPEN":
                if (probesAdmitted < permitted) {
                    probesAdmitted++;
                    return "HALF_OPEN";
                }
                return null;
            default:
                return null;
        }
    }

    private synchronized void record(String id, String admittedIn, boolean success) {
        if (!admittedIn.equals(state)) {
            return;
        }
        if (state.equals("CLOSED") && !success && ++failures >= threshold) {
            transition("OPEN", id, "failures " + failures + " >= failureThreshold " + threshold);
        } else if (state.equals("HALF_OPEN")) {
            if (!success) {
                transition("OPEN", id, "probe failed");
            } else if (++probeSuccesses >= permitted) {
                transition("CLOSED", id, "probe successes " + probeSuccesses);
            }
        }
    }

    private void transition(String to, String by, String reason) {
        transitions.add(new JsonObject().put("from", state).put("to", to).put("generation", generation + 1)
                .put("at", System.currentTimeMillis()).put("by", by).put("reason", reason));
        state = to;
        generation++;
        failures = 0;
        probesAdmitted = 0;
        probeSuccesses = 0;
        if (to.equals("OPEN")) {
            openUntil = System.currentTimeMillis() + openMillis;
        }
    }

    private static void json(HttpServerRequest req, int status, JsonObject body) {
        req.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }
}
