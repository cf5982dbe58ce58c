package io.fleetbreaker.gateway.http;

import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitSnapshot;
import io.fleetbreaker.event.StateTransition;
import io.fleetbreaker.gateway.config.Durations;
import io.fleetbreaker.gateway.proxy.CircuitRoute;
import io.fleetbreaker.window.WindowCounts;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The JSON shapes of docs/http-api.md built from core snapshots: the full {@code Circuit}, the counters-only view of
 * the SSE stream, the seed-compatible {@code /status} entry and a transition. Stateless; thread-safe.
 */
public final class CircuitJson {

    private CircuitJson() {
    }

    /** The full {@code Circuit} object; {@code transitions} newest first. */
    public static JsonObject circuit(CircuitSnapshot s, CircuitRoute route, List<StateTransition> transitions) {
        JsonArray ts = new JsonArray();
        transitions.forEach(t -> ts.add(transition(t)));
        return counters(s, route).put("config", config(s.config(), route)).put("transitions", ts);
    }

    /** The {@code Circuit} without {@code config} and {@code transitions} (the SSE counters event). */
    public static JsonObject counters(CircuitSnapshot s, CircuitRoute route) {
        WindowCounts w = s.window();
        CircuitBreakerConfig c = s.config();
        CircuitSnapshot.LocalCounters l = s.local();
        return new JsonObject()
                .put("name", s.name())
                .put("upstream", route.config().upstream().toString())
                .put("state", s.state().name())
                .put("generation", s.generation())
                .put("since", epochOrNull(s.sinceEpochMillis()))
                .put("changedBy", s.changedBy())
                .put("reason", s.reason())
                .put("failuresOrSuccesses", s.failuresOrSuccesses())
                .put("window", new JsonObject().put("calls", w.calls()).put("failures", w.failures())
                        .put("slow", w.slow()).put("failureRate", round1(w.failureRate()))
                        .put("slowRate", round1(w.slowRate())))
                .put("openUntil", epochOrNull(s.openUntilEpochMillis()))
                .put("halfOpenUntil", epochOrNull(s.halfOpenUntilEpochMillis()))
                .put("consecutiveOpens", s.consecutiveOpens())
                .put("probes", new JsonObject().put("inUse", s.probesInUse()).put("permitted",
                        c.halfOpenPermittedCalls()).put("successes", s.probeSuccesses())
                        .put("successThreshold", c.halfOpenSuccessThreshold()))
                .put("local", new JsonObject().put("permitted", l.permitted()).put("rejected", l.rejected())
                        .put("successes", l.successes()).put("failures", l.failures()).put("slow", l.slow())
                        .put("late", l.late()).put("released", l.released()).put("inFlight", route.inFlight()));
    }

    /** The seed-compatible {@code /status} entry. */
    public static JsonObject status(CircuitSnapshot s, String instanceId, boolean degraded) {
        WindowCounts w = s.window();
        return new JsonObject()
                .put("state", s.state().name())
                .put("failures_or_successes", s.failuresOrSuccesses())
                .put("generation", s.generation())
                .put("calls", w.calls())
                .put("failures", w.failures())
                .put("slow", w.slow())
                .put("failure_rate", round1(w.failureRate()))
                .put("slow_rate", round1(w.slowRate()))
                .put("open_until", epochOrNull(s.openUntilEpochMillis()))
                .put("instance", instanceId)
                .put("store", degraded ? "degraded" : "ok");
    }

    public static JsonObject transition(StateTransition t) {
        return new JsonObject().put("circuit", t.circuit()).put("from", t.from().name()).put("to", t.to().name())
                .put("generation", t.generation()).put("at", t.atEpochMillis()).put("by", t.changedBy())
                .put("reason", t.reason()).put("byThisInstance", t.byThisInstance());
    }

    static JsonObject config(CircuitBreakerConfig c, CircuitRoute route) {
        return new JsonObject()
                .put("timeout", Durations.format(c.timeout()))
                .put("failureThreshold", c.failureThreshold())
                .put("failureRateThreshold", c.failureRateThreshold())
                .put("minimumNumberOfCalls", c.minimumNumberOfCalls())
                .put("slowCallDurationThreshold", Durations.format(c.slowCallDurationThreshold()))
                .put("slowCallRateThreshold", c.slowCallRateThreshold())
                .put("slidingWindow", Durations.format(c.slidingWindow()))
                .put("windowBucket", Durations.format(c.windowBucket()))
                .put("openStateDuration", Durations.format(c.openStateDuration()))
                .put("openStateBackoffMultiplier", c.openStateBackoffMultiplier())
                .put("maxOpenStateDuration", Durations.format(c.maxOpenStateDuration()))
                .put("halfOpenPermittedCalls", c.halfOpenPermittedCalls())
                .put("halfOpenSuccessThreshold", c.halfOpenSuccessThreshold())
                .put("maxHalfOpenDuration", Durations.format(c.maxHalfOpenDuration()))
                .put("maxConcurrentCalls", route.config().maxConcurrentCalls())
                .put("failureStatuses", new JsonArray(List.copyOf(route.config().failureStatuses().spelling())));
    }

    private static Long epochOrNull(long epochMillis) {
        return epochMillis <= 0 ? null : epochMillis;
    }

    static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
