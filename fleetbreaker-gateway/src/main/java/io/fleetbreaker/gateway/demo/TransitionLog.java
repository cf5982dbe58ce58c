package io.fleetbreaker.gateway.demo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.List;

/**
 * What the gateways' transition logs say, set against the downstream's own arrival log: who made a transition and
 * when, and how many probe calls reached the downstream while the fleet was HALF_OPEN.
 */
final class TransitionLog {

    private final Fleet fleet;
    private final DownstreamControl downstream;
    private final Timeline timeline;
    private final Duration recoveryLatency;
    private final long startEpochMillis;
    private final long startNanos;

    TransitionLog(Fleet fleet, DownstreamControl downstream, Timeline timeline, Duration recoveryLatency,
                  long startEpochMillis, long startNanos) {
        this.fleet = fleet;
        this.downstream = downstream;
        this.timeline = timeline;
        this.recoveryLatency = recoveryLatency;
        this.startEpochMillis = startEpochMillis;
        this.startNanos = startNanos;
    }

    /** Narrates the newest transition to {@code to} in the first instance's log, if it has one. */
    void showLatest(String to) {
        JsonArray transitions = fleet.circuitApi().getJsonArray("transitions");
        if (transitions == null) {
            return;
        }
        for (int i = 0; i < transitions.size(); i++) {
            JsonObject t = transitions.getJsonObject(i);
            if (to.equals(t.getString("to"))) {
                timeline.say("transition %s -> %s (generation %s) made by %s at %s: %s", t.getString("from"), to,
                        t.getValue("generation"), t.getString("by"), relative(t.getLong("at", 0L)),
                        t.getString("reason"));
                return;
            }
        }
    }

    /**
     * Probe calls = requests the downstream itself received between the fleet's HALF_OPEN transition and the CLOSED
     * transition that ended it (times from the gateway's transition log; arrivals from the downstream's own log).
     * Returns -1 when neither log says anything.
     */
    long countProbes(long sinceEpochMillis) {
        JsonArray arrivals = downstream.arrivalsSince(sinceEpochMillis);
        // every instance's log; the maker's own entry carries the time it made the transition
        List<JsonObject> all = fleet.allTransitions();
        JsonObject closedT = pick(all, "HALF_OPEN", "CLOSED", -1);
        JsonObject halfOpenT = closedT == null ? null
                : pick(all, null, "HALF_OPEN", closedT.getLong("generation", 0L) - 1);
        if (closedT != null && halfOpenT != null) {
            long from = halfOpenT.getLong("at");
            long to = closedT.getLong("at");
            long count = 0;
            for (int i = 0; i < arrivals.size(); i++) {
                long at = arrivals.getJsonObject(i).getLong("at");
                if (at >= from && at < to) {
                    count++;
                    timeline.detail("probe %d reached the downstream at %s (HALF_OPEN + %d ms)", count, relative(at),
                            at - from);
                }
            }
            timeline.say("HALF_OPEN lasted %d ms (generation %s by %s, closed by %s: %s)", to - from,
                    halfOpenT.getValue("generation"), halfOpenT.getString("by"), closedT.getString("by"),
                    closedT.getString("reason"));
            return count;
        }
        // No transition log: count what arrived before the first probe could have been answered; no outcome
        // existed yet, so the circuit could not have closed and every one of these was admitted as a probe.
        if (arrivals.isEmpty()) {
            timeline.say("no transition log from the gateway API and no arrivals at the downstream");
            return -1;
        }
        long first = arrivals.getJsonObject(0).getLong("at");
        long count = 0;
        for (int i = 0; i < arrivals.size(); i++) {
            if (arrivals.getJsonObject(i).getLong("at") < first + recoveryLatency.toMillis()) {
                count++;
            }
        }
        timeline.say("(no transition log from the gateway API: counted the arrivals before the first probe could be "
                + "answered)");
        return count;
    }

    /**
     * The transition {@code from -> to} of {@code generation} (or the newest one when -1), preferring the entry of the
     * instance that made it.
     */
    private static JsonObject pick(List<JsonObject> transitions, String from, String to, long generation) {
        JsonObject best = null;
        for (JsonObject t : transitions) {
            if (!to.equals(t.getString("to")) || (from != null && !from.equals(t.getString("from")))) {
                continue;
            }
            long gen = t.getLong("generation", -1L);
            if (generation >= 0 && gen != generation) {
                continue;
            }
            if (best == null || gen > best.getLong("generation", -1L)
                    || (gen == best.getLong("generation", -1L) && Boolean.TRUE.equals(t.getValue("byThisInstance"))
                    && !Boolean.TRUE.equals(best.getValue("byThisInstance")))) {
                best = t;
            }
        }
        return best;
    }

    /** A wall-clock time from a log, stamped like the timeline's own lines. */
    private String relative(long epochMillis) {
        return timeline.stamp(startNanos + (epochMillis - startEpochMillis) * 1_000_000L);
    }
}
