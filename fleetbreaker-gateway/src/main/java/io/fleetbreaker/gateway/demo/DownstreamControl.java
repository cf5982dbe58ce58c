package io.fleetbreaker.gateway.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;

/**
 * The downstream simulator's {@code /__control} API: switches its mode and reads its own counters and arrival log,
 * so every number the scenario reports about the downstream comes from the downstream itself.
 */
final class DownstreamControl {

    private final String base;
    private final DemoHttp http;
    private final Timeline timeline;

    DownstreamControl(String base, DemoHttp http, Timeline timeline) {
        this.base = base;
        this.http = http;
        this.timeline = timeline;
    }

    String controlUrl() {
        return base + "/__control";
    }

    boolean answers() {
        return http.status(controlUrl()) == 200;
    }

    void healthy() {
        setMode(new JsonObject().put("mode", "healthy"));
    }

    void failEverything() {
        setMode(new JsonObject().put("mode", "failing").put("rate", 1.0).put("status", 500));
    }

    void recoverSlowly(Duration latency) {
        setMode(new JsonObject().put("mode", "slow").put("latencyMs", latency.toMillis()));
    }

    private void setMode(JsonObject mode) {
        DemoHttp.Reply reply = http.postOrNull(base + "/__control/mode", mode);
        if (reply == null || reply.status() != 200) {
            timeline.say("could not set the downstream mode %s: %s", mode.encode(),
                    reply == null ? "no answer" : reply.status() + " " + reply.body());
        }
    }

    /** Zeroes the counters, so what follows counts only the requests of the next phase. */
    void reset() {
        http.postOrNull(base + "/__control/reset", new JsonObject());
    }

    /** The counters: {@code requests} in total and {@code byStatus}. */
    JsonObject counters() {
        return http.json(controlUrl());
    }

    static long requests(JsonObject counters) {
        return counters.getLong("requests", 0L);
    }

    static long byStatus(JsonObject counters, int status) {
        JsonObject counts = counters.getJsonObject("byStatus");
        return counts == null ? 0 : counts.getLong(Integer.toString(status), 0L);
    }

    /** The requests that arrived since {@code epochMillis}, each with its arrival time {@code at}. */
    JsonArray arrivalsSince(long epochMillis) {
        return http.json(base + "/__control/requests?since=" + epochMillis).getJsonArray("requests", new JsonArray());
    }
}
