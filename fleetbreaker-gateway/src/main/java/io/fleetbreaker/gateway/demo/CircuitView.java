package io.fleetbreaker.gateway.demo;

import io.vertx.core.json.JsonObject;

/** One instance's view of a circuit, from its {@code GET /status}. */
record CircuitView(String state, long generation, long failuresOrSuccesses) {

    static final CircuitView UNREACHABLE = new CircuitView("UNREACHABLE", -1, -1);

    /** The view of {@code circuit} in one instance's /status body; {@link #UNREACHABLE} when it is not there. */
    static CircuitView of(JsonObject status, String circuit) {
        JsonObject c = status.getJsonObject(circuit);
        if (c == null) {
            return UNREACHABLE;
        }
        return new CircuitView(c.getString("state", "?"), c.getLong("generation", -1L),
                c.getLong("failures_or_successes", -1L));
    }

    boolean is(String state) {
        return state.equals(this.state);
    }

    /** OPEN, or held open by an operator: either way the instance rejects. */
    boolean isOpen() {
        return "OPEN".equals(state) || "FORCED_OPEN".equals(state);
    }

    /** From after generation {@code before} (or from a /status that does not report generations). */
    boolean isNewerThan(long before) {
        return generation < 0 || generation > before;
    }
}
