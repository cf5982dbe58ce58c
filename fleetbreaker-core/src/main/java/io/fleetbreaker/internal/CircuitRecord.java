package io.fleetbreaker.internal;

import io.fleetbreaker.CircuitBreakerConfig;
import io.fleetbreaker.CircuitState;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The shared record of one circuit, as stored under {@link Keys#record}. Every transition writes a new record with
 * {@code generation + 1}, so a (circuit, generation) pair names exactly one record; fields never change within a
 * generation. Deadlines are wall-clock epoch millis so every instance agrees on them.
 *
 * <p>{@code from} is the state of the previous generation, so an instance that missed a short-lived state (a
 * HALF_OPEN whose probe failed within one sync interval) still reports the transition the fleet made.
 *
 * <p>Wire format (one line, {@code |}-separated, free text URL-encoded):
 * {@code 2|STATE|generation|openUntil|halfOpenUntil|consecutiveOpens|since|changedBy|reason|FROM}.
 */
record CircuitRecord(CircuitState state, long generation, long openUntilMillis, long halfOpenUntilMillis,
        int consecutiveOpens, long sinceMillis, String changedBy, String reason, CircuitState from) {

    private static final String VERSION = "2";

    /** What an instance assumes before it has read the store: CLOSED at generation 0. */
    static CircuitRecord unknown() {
        return new CircuitRecord(CircuitState.CLOSED, 0, 0, 0, 0, 0, "", "not yet read from the store",
                CircuitState.CLOSED);
    }

    /** The first record of a circuit, or the one that replaces a record the store lost. */
    static CircuitRecord created(long generation, long now, String by, String reason) {
        return new CircuitRecord(CircuitState.CLOSED, generation, 0, 0, 0, now, by, reason, CircuitState.CLOSED);
    }

    /** CLOSED → OPEN: the window crossed a threshold. */
    CircuitRecord tripped(CircuitBreakerConfig config, long now, String by, String why) {
        return opened(1, config, now, by, why);
    }

    /** HALF_OPEN → OPEN: a probe failed or no decision came in time; the backoff grows. */
    CircuitRecord reopened(CircuitBreakerConfig config, long now, String by, String why) {
        return opened(consecutiveOpens + 1, config, now, by, why);
    }

    private CircuitRecord opened(int opens, CircuitBreakerConfig config, long now, String by, String why) {
        long until = now + config.openDurationAfter(opens).toMillis();
        return new CircuitRecord(CircuitState.OPEN, generation + 1, until, 0, opens, now, by, why, state);
    }

    /** OPEN → HALF_OPEN: the open deadline passed. */
    CircuitRecord halfOpened(CircuitBreakerConfig config, long now, String by) {
        return new CircuitRecord(CircuitState.HALF_OPEN, generation + 1, 0, now + config.maxHalfOpenDuration().toMillis(),
                consecutiveOpens, now, by, "open deadline passed", state);
    }

    /** HALF_OPEN → CLOSED: enough probes succeeded. */
    CircuitRecord closed(long now, String by, String why) {
        return new CircuitRecord(CircuitState.CLOSED, generation + 1, 0, 0, 0, now, by, why, state);
    }

    /** Any state → an operator state, or CLOSED for a reset. */
    CircuitRecord operated(CircuitState target, long now, String by, String why) {
        return new CircuitRecord(target, generation + 1, 0, 0, 0, now, by, why, state);
    }

    /**
     * The record to write when the store lost this one (eviction, restart, flush): CLOSED at a new generation,
     * except that an OPEN circuit stays OPEN until its deadline and an operator state stays (SPEC §2.11).
     */
    CircuitRecord recreatedAfterLoss(long now, String by) {
        boolean keep = state.isOperatorState() || (state == CircuitState.OPEN && openUntilMillis > now);
        if (keep) {
            return new CircuitRecord(state, generation + 1, openUntilMillis, 0, consecutiveOpens, now, by,
                    "record lost from the store; kept " + state, state);
        }
        return new CircuitRecord(CircuitState.CLOSED, generation + 1, 0, 0, 0, now, by,
                "record lost from the store; recreated CLOSED", state);
    }

    String encode() {
        return String.join("|", VERSION, state.name(), Long.toString(generation), Long.toString(openUntilMillis),
                Long.toString(halfOpenUntilMillis), Integer.toString(consecutiveOpens), Long.toString(sinceMillis),
                text(changedBy), text(reason), from.name());
    }

    /** The record in {@code value}, or {@code null} when it is not a record this version can read. */
    static CircuitRecord decode(String value) {
        if (value == null) {
            return null;
        }
        String[] f = value.trim().split("\\|", -1);
        if (f.length != 10 || !VERSION.equals(f[0])) {
            return null;
        }
        try {
            return new CircuitRecord(CircuitState.valueOf(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Long.parseLong(f[4]), Integer.parseInt(f[5]), Long.parseLong(f[6]),
                    URLDecoder.decode(f[7], StandardCharsets.UTF_8), URLDecoder.decode(f[8], StandardCharsets.UTF_8),
                    CircuitState.valueOf(f[9]));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String text(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }
}
